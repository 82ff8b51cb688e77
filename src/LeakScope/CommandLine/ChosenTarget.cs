using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// The process snapshot, monitor and collect work on: found by pid (here, or in another pid
/// namespace through its socket in this temp directory) or name; reached at the socket
/// <c>--diagnostic-port PATH,connect</c> names; or waited for on <c>--diagnostic-port PATH</c>,
/// the listen mode, where it connects to the tool and may be paused until its session is set up.
/// </summary>
internal sealed class ChosenTarget : IAsyncDisposable
{
    private const string ConnectSuffix = ",connect";
    private const string ListenSuffix = ",listen";
    private readonly ListeningPort? _port;

    private ChosenTarget(TargetProcess process, ListeningPort? port)
    {
        Process = process;
        _port = port;
    }

    public TargetProcess Process { get; }

    /// <param name="pid">The pid given, if any.</param>
    /// <param name="name">The name given, if any.</param>
    /// <param name="diagnosticPort"><c>--diagnostic-port</c>: PATH or PATH,listen to listen on, PATH,connect to connect to.</param>
    /// <param name="attachTimeout">Bounds the wait for a process to connect in listen mode.</param>
    /// <param name="console">Where the listening line and other connecting processes are named.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<ChosenTarget> FindAsync(int? pid, string? name, string? diagnosticPort, TimeSpan attachTimeout, ToolConsole console, CancellationToken cancellationToken)
    {
        if (diagnosticPort is null)
        {
            return new ChosenTarget(await TargetSelection.ResolveAsync(pid, name, cancellationToken).ConfigureAwait(false), port: null);
        }

        if (diagnosticPort.EndsWith(ConnectSuffix, StringComparison.Ordinal))
        {
            return new ChosenTarget(await NamespaceSockets.FromPathAsync(diagnosticPort[..^ConnectSuffix.Length], cancellationToken).ConfigureAwait(false), port: null);
        }

        string path = diagnosticPort.EndsWith(ListenSuffix, StringComparison.Ordinal) ? diagnosticPort[..^ListenSuffix.Length] : diagnosticPort;
        ListeningPort port = ListeningPort.Open(path, console.Error.WriteLine);
        try
        {
            console.Error.WriteLine($"Listening on {DisplayText.Escape(path)}: waiting for a process started with DOTNET_DiagnosticPorts={DisplayText.Escape(path)}.");
            return new ChosenTarget(await port.WaitForRuntimeAsync(attachTimeout, cancellationToken).ConfigureAwait(false), port);
        }
        catch
        {
            await port.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts the command's session through <paramref name="attach"/>, given what to run once it is
    /// set up: in listen mode, resuming a process paused at start-up, so none of its scopes is missed.
    /// A process that connected is never left paused because the session could not start.
    /// </summary>
    public async Task<T> AttachAsync<T>(Func<Func<Task>?, Task<T>> attach, CancellationToken cancellationToken)
    {
        if (_port is null)
        {
            return await attach(null).ConfigureAwait(false);
        }

        try
        {
            return await attach(() => _port.ResumeAsync(Process, cancellationToken)).ConfigureAwait(false);
        }
        catch (LeakScopeException ex) when (ex.Code == ReturnCode.ProviderNotFound)
        {
            // Resumed, yet silent: another port listed with ',suspend' (the default) that nobody answers holds it paused.
            await _port.TryResumeAsync(Process).ConfigureAwait(false);
            throw new LeakScopeException(ex.Code, ex.Message + " If DOTNET_DiagnosticPorts lists other ports, each one without ',nosuspend' must be answered before the process runs.", ex);
        }
        catch
        {
            await _port.TryResumeAsync(Process).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc cref="AttachAsync{T}"/>
    public Task AttachAsync(Func<Func<Task>?, Task> attach, CancellationToken cancellationToken) =>
        AttachAsync(
            async started =>
            {
                await attach(started).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Stops listening (the socket file is removed); a runtime that connected keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_port is not null)
        {
            await _port.DisposeAsync().ConfigureAwait(false);
        }
    }
}
