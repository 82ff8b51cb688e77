using System.Globalization;
using System.Net.Sockets;
using LeakScope.Cli.Check;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// <c>--diagnostic-port PATH</c>: LeakScope listens on a Unix socket and the app, started with
/// <c>DOTNET_DiagnosticPorts=PATH</c>, connects to it, as it does to dotnet-monitor's listen mode,
/// so a process in another container is reached through a shared volume. One process is monitored
/// per run: the first to connect. Any other that connects meanwhile is resumed at once (never left
/// paused) and named on stderr; a later run, or dotnet-monitor on a port of its own, can watch it.
/// </summary>
/// <remarks>
/// The socket is this user's only (0600): the app must run as the same user, or root. Sessions reach
/// the runtime through a <see cref="RuntimeBridge"/>, since the runtime, not LeakScope, opens each
/// connection.
/// </remarks>
internal sealed class ListeningPort : IAsyncDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(15);

    private readonly string _shownPath;
    private readonly Action<string> _say;
    private readonly RuntimeBridge _bridge;
    private readonly TaskCompletionSource<(AdvertisedRuntime Runtime, int VisiblePid)> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DiagnosticPortServer? _server;
    private AdvertisedRuntime? _monitored;
    private int _resumeSent;

    private ListeningPort(string shownPath, Action<string> say)
    {
        _shownPath = shownPath;
        _say = say;
        _bridge = new RuntimeBridge();
    }

    /// <summary>
    /// Listens on <paramref name="path"/>: its directory must exist, and nothing may be there but a
    /// socket of this user's that nobody listens on any more (left by a leakscope that was killed),
    /// which is replaced. Anything else is refused with exit 3, before anything is created.
    /// </summary>
    /// <param name="path">The socket path, as given.</param>
    /// <param name="say">Writes a line to stderr: other processes that connected.</param>
    public static ListeningPort Open(string path, Action<string> say)
    {
        string full = CheckedPath(path);
        var port = new ListeningPort(DisplayText.Escape(path), say);
        try
        {
            port._server = new DiagnosticPortServer(full, DiagnosticPortServer.UserOnly, port.OnRuntimeAsync, port.OnReconnect);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // ArgumentException: a path longer than a socket address holds (108 bytes on Linux).
            port._bridge.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw Refused(path, "cannot listen there: " + ex.Message);
        }

        return port;
    }

    /// <summary>
    /// Waits for a runtime to connect, bounded by <paramref name="timeout"/> (exit 4: no process
    /// reached the port), and names its process: by its pid here when this pid namespace can see it,
    /// else by the pid and command line the runtime tells.
    /// </summary>
    public async Task<TargetProcess> WaitForRuntimeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        (AdvertisedRuntime runtime, int visiblePid) connected;
        try
        {
            connected = await _first.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new LeakScopeException(
                ReturnCode.TargetNotFound,
                string.Create(CultureInfo.InvariantCulture, $"No .NET process connected to {_shownPath} within {timeout.TotalSeconds:0.#} s: start it with DOTNET_DiagnosticPorts={_shownPath} (see --attach-timeout)."));
        }

        if (connected.visiblePid > 0)
        {
            try
            {
                return TargetProcess.FromPid(connected.visiblePid) with { DiagnosticAddress = _bridge.Address };
            }
            catch (LeakScopeException ex) when (ex.Code == ReturnCode.TargetNotFound)
            {
                throw new LeakScopeException(ReturnCode.TargetExited, $"Process {connected.visiblePid} connected to {_shownPath} and exited at once.", ex);
            }
        }

        (string commandLine, string entryAssembly) = await SendAsync(DiagnosticIpc.ReadProcessInfoAsync, connected.runtime.Pid, cancellationToken).ConfigureAwait(false);
        string name = entryAssembly.Length > 0 ? entryAssembly : DotnetProcesses.NameFromCommandLine(commandLine) ?? "process in another pid namespace";
        return new TargetProcess(connected.runtime.Pid, name, null) { DiagnosticAddress = _bridge.Address, Visible = false };
    }

    /// <summary>
    /// Lets the monitored runtime run, once its session is set up: a runtime started with
    /// <c>,suspend</c> (the default) waits for it, so no scope is missed; one started with
    /// <c>,nosuspend</c> answers it all the same.
    /// </summary>
    public Task ResumeAsync(TargetProcess target, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _resumeSent, 1);
        return SendAsync(
            async (stream, token) =>
            {
                await DiagnosticIpc.ResumeRuntimeAsync(stream, token).ConfigureAwait(false);
                return true;
            },
            target.Pid,
            cancellationToken);
    }

    /// <summary>When the session could not be set up: the runtime is resumed all the same, never left paused. Never throws.</summary>
    public async Task TryResumeAsync(TargetProcess target)
    {
        if (Volatile.Read(ref _resumeSent) == 1)
        {
            return;
        }

        try
        {
            await ResumeAsync(target, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LeakScopeException)
        {
            // Gone or not answering: nothing is waiting to be resumed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            // Removes the socket file: an app that starts later waits (suspend) or runs (nosuspend) and connects to the next listener.
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        await _bridge.DisposeAsync().ConfigureAwait(false);
    }

    private static string CheckedPath(string path)
    {
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused(path, "not a path");
        }

        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw Refused(path, "its directory does not exist");
        }

        if (Directory.Exists(full))
        {
            throw Refused(path, "it is a directory");
        }

        // The link itself, not where it points: a planted link is refused, never followed.
        if (FileOwner.IsSocket(full) is not bool isSocket)
        {
            return full;
        }

        if (!isSocket)
        {
            throw Refused(path, "a file that is not a socket is there; LeakScope replaces only a stale socket of its own");
        }

        uint? owner = FileOwner.Uid(full);
        if (owner?.ToString(CultureInfo.InvariantCulture) != ProcessOwner.CurrentUid)
        {
            throw Refused(path, string.Create(CultureInfo.InvariantCulture, $"a socket of another user (uid {owner}) is there"));
        }

        if (SocketListener.Probe(full) is { } listener)
        {
            throw Refused(path, string.Create(CultureInfo.InvariantCulture, $"process {listener.Pid} listens on it already"));
        }

        // Ours, and nobody listens: left by a run that was killed.
        File.Delete(full);
        return full;
    }

    private static LeakScopeException Refused(string path, string why) =>
        new(ReturnCode.UsageError, $"--diagnostic-port {DisplayText.Escape(path)}: {why}.");

    private async Task OnRuntimeAsync(AdvertisedRuntime runtime)
    {
        bool first;
        lock (_first)
        {
            first = _monitored is null;
            _monitored ??= runtime;
        }

        if (!first)
        {
            _say(string.Create(CultureInfo.InvariantCulture, $"Process {runtime.Pid} also connected to {_shownPath}: resumed, not monitored (one process per run)."));
            await runtime.TryResumeAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (runtime.TakeConnection() is not { } connection)
        {
            return;
        }

        int visiblePid;
        try
        {
            // The kernel's record of who connected, in this pid namespace: 0 when the process is in one this one cannot see.
            visiblePid = SocketListener.PeerOf(connection)?.Pid ?? 0;
        }
        catch (SocketException)
        {
            visiblePid = 0;
        }

        _bridge.Offer(connection);
        _first.TrySetResult((runtime, visiblePid));
    }

    private bool OnReconnect(AdvertisedRuntime runtime, Socket connection)
    {
        lock (_first)
        {
            if (!ReferenceEquals(runtime, _monitored))
            {
                return false;
            }
        }

        _bridge.Offer(connection);
        return true;
    }

    /// <summary>A command sent on the runtime's next connection, bounded: a runtime that has gone away never opens one.</summary>
    private async Task<T> SendAsync<T>(Func<Stream, CancellationToken, Task<T>> command, int pid, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_commandTimeout);
        try
        {
            Socket connection = await _bridge.NextRuntimeConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            return await command(stream, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LeakScopeException(ReturnCode.TargetNotResponding, string.Create(CultureInfo.InvariantCulture, $"Process {pid} connected to {_shownPath} but did not answer within {s_commandTimeout.TotalSeconds:0} s."));
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            throw new LeakScopeException(ReturnCode.TargetExited, string.Create(CultureInfo.InvariantCulture, $"Process {pid} connected to {_shownPath} and went away: {ex.Message}"), ex);
        }
    }
}
