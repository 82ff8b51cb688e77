using System.CommandLine;
using System.CommandLine.Parsing;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// The target of snapshot, monitor and collect: a pid (positional, or -p/--process-id as in
/// dotnet-trace and dotnet-counters) or --name. Checked while parsing, so a wrong combination is a
/// parse error with the usage hint, before anything is attached.
/// </summary>
internal sealed class TargetSelection
{
    private readonly Argument<int?> _pid = CommonOptions.Pid();
    private readonly Option<int?> _processId = new("--process-id", "-p")
    {
        Description = "Id of the process to attach to, as dotnet-trace takes it; the same as the pid argument.",
        HelpName = "pid",
        CustomParser = CommonOptions.ParsePid,
    };

    private readonly Option<string?> _name = CommonOptions.ProcessName();

    /// <summary><c>--diagnostic-port PATH</c>: the process connects to LeakScope instead; <c>PATH,connect</c>: LeakScope connects to the socket PATH.</summary>
    private readonly Option<string?>? _diagnosticPort;

    /// <param name="listen">Also offer <c>--diagnostic-port</c>, the listen mode.</param>
    public TargetSelection(bool listen = false)
    {
        _diagnosticPort = listen
            ? new Option<string?>("--diagnostic-port")
            {
                Description = "Listen on this Unix socket (created readable and writable by you only) for a process started with DOTNET_DiagnosticPorts=PATH, and attach to the first that connects, instead of attaching by pid; --attach-timeout bounds the wait. PATH,connect: connect to the process's own diagnostic socket PATH instead, as dotnet-trace does.",
                HelpName = "path",
            }
            : null;
    }

    /// <summary>Adds the pid argument, -p and -n to <paramref name="command"/>, and the check that one process is named.</summary>
    public void AddTo(Command command)
    {
        // First in help: which process comes before how to look at it.
        command.Arguments.Insert(0, _pid);
        command.Options.Insert(0, _processId);
        command.Options.Insert(1, _name);
        if (_diagnosticPort is not null)
        {
            command.Options.Insert(2, _diagnosticPort);
        }

        command.Validators.Add(Validate);
    }

    /// <summary>The pid given either way; the validator made sure they agree.</summary>
    public int? Pid(ParseResult result) => result.GetValue(_pid) ?? result.GetValue(_processId);

    public string? Name(ParseResult result) => result.GetValue(_name);

    public string? DiagnosticPort(ParseResult result) => _diagnosticPort is null ? null : result.GetValue(_diagnosticPort);

    /// <summary>
    /// The process a pid or name gives. A pid whose diagnostic socket in this temp directory is
    /// listened on by a process of another pid namespace (a container sharing /tmp) is that process,
    /// never the process of the same pid here (<see cref="NamespaceSockets"/>).
    /// </summary>
    public static async Task<TargetProcess> ResolveAsync(int? pid, string? name, CancellationToken cancellationToken) =>
        pid is int given && name is null && given > 0 && await NamespaceSockets.ResolveAsync(given, cancellationToken).ConfigureAwait(false) is { } elsewhere
            ? elsewhere
            : Resolve(pid, name);

    public static TargetProcess Resolve(int? pid, string? name) => (pid, name) switch
    {
        (not null, null) => TargetProcess.FromPid(pid.Value),
        (null, { Length: > 0 }) => TargetProcess.FromName(name),
        (not null, not null) => throw new LeakScopeException(ReturnCode.UsageError, "Give a pid or --name, not both."),
        _ => throw new LeakScopeException(ReturnCode.UsageError, "Which process? Give its pid, -p PID or -n NAME (see 'leakscope ps')."),
    };

    private void Validate(CommandResult result)
    {
        int? positional;
        int? option;
        string? name;
        string? port;
        try
        {
            positional = result.GetValue(_pid);
            option = result.GetValue(_processId);
            name = result.GetValue(_name);
            port = _diagnosticPort is null ? null : result.GetValue(_diagnosticPort);
        }
        catch (InvalidOperationException)
        {
            // A value that did not parse: its own error says what is wrong.
            return;
        }

        if (port is not null)
        {
            if ((positional ?? option) is not null || name is not null)
            {
                result.AddError("--diagnostic-port waits for a process to connect (or, with ,connect, names its socket): give it without a pid or --name.");
            }
            else if (port.Length == 0 || port is ",connect" or ",listen")
            {
                result.AddError("--diagnostic-port needs the path of a socket.");
            }
        }
        else if (positional is not null && option is not null && positional != option)
        {
            result.AddError($"Two different processes: pid {positional} and --process-id {option}. Give one.");
        }
        else if ((positional ?? option) is not null && name is not null)
        {
            result.AddError("Give a pid or --name, not both.");
        }
        else if ((positional ?? option) is null && string.IsNullOrEmpty(name))
        {
            result.AddError(_diagnosticPort is null
                ? "Which process? Give its pid, -p PID or -n NAME (see 'leakscope ps')."
                : "Which process? Give its pid, -p PID, -n NAME (see 'leakscope ps'), or --diagnostic-port PATH to wait for one.");
        }
    }
}
