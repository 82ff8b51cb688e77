using System.Diagnostics.Tracing;
using System.Net.Sockets;
using LeakScope.Cli.Model;
using LeakScope.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// One EventPipe session on the target's <c>LeakScope</c> provider, read on its own thread into a
/// <see cref="ScopeTracker"/>. The runtime's per-event stack walk is always off: it would make
/// every event several times dearer for the target.
/// </summary>
internal sealed class TargetSession : IAsyncDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly EventPipeSession _session;
    private readonly Task _pump;
    private readonly ScopeEventRouter _router;
    private EventPipeEventSource? _source;

    private readonly RecordingStream? _recording;

    private TargetSession(TargetProcess target, EventPipeSession session, ScopeTracker tracker, Stream? recordTo)
    {
        Target = target;
        _session = session;
        Tracker = tracker;
        _recording = recordTo is null ? null : new RecordingStream(session.EventStream, recordTo);
        _router = new ScopeEventRouter(tracker);
        _pump = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public TargetProcess Target { get; }

    public ScopeTracker Tracker { get; }

    /// <summary>Completes when the event stream ends: the session was stopped or the target exited.</summary>
    public Task Completion => _pump;

    public long EventsLost => EventLoss.FromTraceEvent(_source?.EventsLost ?? 0) + _router.UnreadableEvents;

    public long EventsRead => _router.EventsRead;

    public long RecordsRead => _router.RecordsRead;

    /// <summary>
    /// Once <see cref="Completion"/> is done: the stream ended with its end marker, as at a normal
    /// exit or a stop, rather than cut off, as when the target is killed.
    /// </summary>
    public bool EndedCleanly { get; private set; }

    /// <summary>How long connecting and starting the session may take before the target counts as hung.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Bytes of the raw stream written to the recording, when there is one.</summary>
    public long BytesRecorded => _recording?.BytesRecorded ?? 0;

    /// <summary>Why writing the recording failed, if it did.</summary>
    public Exception? RecordingFailure => _recording?.WriteFailure;

    /// <param name="target">The process to attach to.</param>
    /// <param name="options">What to ask the provider for.</param>
    /// <param name="cancellationToken">Cancels the attach.</param>
    /// <param name="recordTo">Also writes the raw event stream here (a .nettrace file).</param>
    public static async Task<TargetSession> StartAsync(TargetProcess target, SessionOptions options, CancellationToken cancellationToken, Stream? recordTo = null)
    {
        string nonce = options.NoncePrefix + Guid.NewGuid().ToString("N");
        var provider = new EventPipeProvider(ProviderIdentity.Name, EventLevel.Verbose, options.Keywords, options.Arguments(nonce));
        var configuration = new EventPipeSessionConfiguration([provider], circularBufferSizeMB: 256, requestRundown: false, requestStackwalk: false);
        EventPipeSession session;
        string? address = DiagnosticSocket.VerifiedAddress(target);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(ConnectTimeout);
        try
        {
            session = await StartSessionAsync(target, address, configuration, connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LeakScopeException(
                ReturnCode.TargetNotResponding,
                $"Process {target} did not respond within {ConnectTimeout.TotalSeconds:0} s: it is hung or stopped.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw AttachFailure(target, ex);
        }

        return new TargetSession(target, session, new ScopeTracker(nonce), recordTo);
    }

    /// <summary>
    /// Connects to the socket that was just verified, by its path: letting the client search again
    /// would pick up a socket planted since the check. Without one, the client searches by pid.
    /// </summary>
    private static async Task<EventPipeSession> StartSessionAsync(TargetProcess target, string? address, EventPipeSessionConfiguration configuration, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            return await new DiagnosticsClient(target.Pid).StartEventPipeSessionAsync(configuration, cancellationToken).ConfigureAwait(false);
        }

        await using DiagnosticsClientConnector connector = await DiagnosticsClientConnector.FromDiagnosticPort(address + ",connect", cancellationToken).ConfigureAwait(false);
        return await connector.Instance.StartEventPipeSessionAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for this session's snapshot; the provider is absent if none comes in time.</summary>
    public async Task WaitForSnapshotAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (Tracker.Sync)
            {
                if (Tracker.SnapshotCompleted)
                {
                    return;
                }
            }

            if (_pump.IsCompleted)
            {
                throw new LeakScopeException(ReturnCode.TargetExited, $"Process {Target} exited before its snapshot was complete.");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new LeakScopeException(
                    ReturnCode.ProviderNotFound,
                    $"Process {Target} did not answer within {timeout.TotalSeconds:0.#} s: it does not use LeakScope.Runtime, or has not entered a scope yet.");
            }

            await Task.WhenAny(_pump, Task.Delay(20, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Ends the session and waits for the remaining events; gives up on a hung target after a timeout.</summary>
    public async Task StopAsync()
    {
        if (!_pump.IsCompleted)
        {
            using var timeout = new CancellationTokenSource(s_stopTimeout);
            try
            {
                await _session.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ServerNotAvailableException or IOException or SocketException or ServerErrorException)
            {
                // The target went away or hangs: closing the stream below ends the pump.
            }
        }

        if (await Task.WhenAny(_pump, Task.Delay(s_stopTimeout)).ConfigureAwait(false) != _pump)
        {
            _session.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _session.Dispose();
    }

    private static LeakScopeException AttachFailure(TargetProcess target, Exception ex)
    {
        if (!target.IsRunning())
        {
            return new LeakScopeException(ReturnCode.TargetExited, $"Process {target} exited while LeakScope was attaching.", ex);
        }

        if (IsPermissionProblem(ex) || ProcessOwner.IsForeign(target.Pid, out _))
        {
            string owner = ProcessOwner.IsForeign(target.Pid, out string uid) ? $" (uid {uid})" : string.Empty;
            return new LeakScopeException(ReturnCode.PermissionDenied, $"Permission denied attaching to {target}: run leakscope as the user that owns it{owner}.", ex);
        }

        return new LeakScopeException(
            ReturnCode.TargetNotAttachable,
            $"Cannot attach to {target}: it is not a .NET process, or its diagnostics are disabled (DOTNET_EnableDiagnostics=0).",
            ex);
    }

    private static bool IsPermissionProblem(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is UnauthorizedAccessException || (e is SocketException socket && socket.SocketErrorCode == SocketError.AccessDenied))
            {
                return true;
            }
        }

        return false;
    }

    private void Pump()
    {
        try
        {
            _source = new EventPipeEventSource(_recording ?? _session.EventStream);
            _source.AllEvents += _router.OnEvent;
            _source.Process();
            EndedCleanly = true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException or FormatException or InvalidOperationException)
        {
            // A stream cut short: the target was killed or crashed.
            EndedCleanly = false;
        }
    }
}
