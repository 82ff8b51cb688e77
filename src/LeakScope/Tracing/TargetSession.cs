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
    private readonly EventPipeSession _session;
    private readonly Task _pump;
    private readonly ScopeEventRouter _router;
    private EventPipeEventSource? _source;
    private Task<bool>? _stop;

    /// <summary>The event stream, counted, and copied to the recording when there is one.</summary>
    private readonly RecordingStream _stream;

    private TargetSession(TargetProcess target, EventPipeSession session, ScopeTracker tracker, Stream? recordTo)
    {
        Target = target;
        _session = session;
        Tracker = tracker;
        _stream = new RecordingStream(session.EventStream, recordTo);
        _router = new ScopeEventRouter(tracker);
        _pump = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public TargetProcess Target { get; }

    public ScopeTracker Tracker { get; }

    /// <summary>Completes when the event stream ends: the session was stopped or the target exited.</summary>
    public Task Completion => _pump;

    public long EventsLost => EventLoss.FromTraceEvent(_source?.EventsLost ?? 0) + _router.IncompleteEvents;

    public long EventsRead => _router.EventsRead;

    public long RecordsRead => _router.RecordsRead;

    /// <summary>
    /// Once <see cref="Completion"/> is done: the stream ended with its end marker, as at a normal
    /// exit or a stop, rather than cut off, as when the target is killed.
    /// </summary>
    public bool EndedCleanly { get; private set; }

    /// <summary>
    /// How long stopping a session waits for the target to acknowledge, and then for the rest of its
    /// events once none arrives: a frozen or hung target is cut off after it (README, docs/report-format.md).
    /// </summary>
    public static TimeSpan StopGrace { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes of the raw stream written to the recording, when there is one.</summary>
    public long BytesRecorded => _stream.BytesRecorded;

    /// <summary>Why writing the recording failed, if it did.</summary>
    public Exception? RecordingFailure => _stream.WriteFailure;

    /// <summary>
    /// Connects, starts the session and waits for its snapshot, all within <paramref name="attachTimeout"/>:
    /// no answer to the connection is a hung or stopped target, no snapshot a process without LeakScope.Runtime.
    /// </summary>
    /// <param name="target">The process to attach to.</param>
    /// <param name="options">What to ask the provider for.</param>
    /// <param name="attachTimeout">Bounds connecting and the snapshot together (<c>--attach-timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the attach.</param>
    /// <param name="recordTo">Also writes the raw event stream here (a .nettrace file).</param>
    /// <param name="started">
    /// Runs once the session is started, before its snapshot is waited for: resumes a runtime paused at
    /// start-up (<c>--diagnostic-port</c>), which can send no snapshot before it runs. The snapshot's
    /// wait starts after it.
    /// </param>
    /// <param name="settleEarlyEnd">
    /// Runs when the target ended before the snapshot was complete (a process that exits as it starts
    /// can end before the runtime's worker thread has sent it): true when what was open at the end is
    /// known otherwise (<c>monitor</c>: the exit snapshot file), and the ended session is returned.
    /// Without it, or when it returns false, such an end is exit 8.
    /// </param>
    public static async Task<TargetSession> AttachAsync(TargetProcess target, SessionOptions options, TimeSpan attachTimeout, CancellationToken cancellationToken, Stream? recordTo = null, Func<Task>? started = null, Func<TargetSession, Task<bool>>? settleEarlyEnd = null)
    {
        DateTime deadline = DateTime.UtcNow + attachTimeout;
        TargetSession session = await StartAsync(target, options, attachTimeout, cancellationToken, recordTo).ConfigureAwait(false);
        try
        {
            if (started is not null)
            {
                await started().ConfigureAwait(false);
                deadline = DateTime.UtcNow + attachTimeout;
            }

            try
            {
                await session.WaitForSnapshotAsync(deadline, attachTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (LeakScopeException ex) when (ex.Code == ReturnCode.TargetExited && settleEarlyEnd is not null && session._pump.IsCompleted)
            {
                if (!await settleEarlyEnd(session).ConfigureAwait(false))
                {
                    throw;
                }
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <param name="target">The process to attach to.</param>
    /// <param name="options">What to ask the provider for.</param>
    /// <param name="connectTimeout">How long connecting and starting the session may take before the target counts as hung.</param>
    /// <param name="cancellationToken">Cancels the attach.</param>
    /// <param name="recordTo">Also writes the raw event stream here (a .nettrace file).</param>
    public static async Task<TargetSession> StartAsync(TargetProcess target, SessionOptions options, TimeSpan connectTimeout, CancellationToken cancellationToken, Stream? recordTo = null)
    {
        string nonce = options.NoncePrefix + Guid.NewGuid().ToString("N");
        var provider = new EventPipeProvider(ProviderIdentity.Name, EventLevel.Verbose, options.Keywords, options.Arguments(nonce));
        EventPipeSession session;
        string? address = target.DiagnosticAddress ?? DiagnosticSocket.VerifiedAddress(target);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(connectTimeout);
        try
        {
            try
            {
                session = await StartSessionAsync(target, address, Configuration(provider, stackwalk: false), connect.Token).ConfigureAwait(false);
            }
            catch (UnsupportedCommandException)
            {
                // .NET 8 runtimes (NativeAOT apps included, and leakscope's own 'demo' sample under
                // the AOT build) lack the command that turns the per-event stack walk off (.NET 9's
                // CollectTracing3): they are traced with it on, which costs them more per event.
                session = await StartSessionAsync(target, address, Configuration(provider, stackwalk: true), connect.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw NotResponding(target, connectTimeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw AttachFailure(target, ex);
        }

        return new TargetSession(target, session, new ScopeTracker(nonce) { Growth = options.Growth, FullMode = options.AllEvents }, recordTo);
    }

    private static EventPipeSessionConfiguration Configuration(EventPipeProvider provider, bool stackwalk) =>
        new([provider], circularBufferSizeMB: SessionOptions.BufferSizeMB, requestRundown: false, requestStackwalk: stackwalk);

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

    /// <summary>
    /// Waits for this session's snapshot; the provider is absent if none starts in time, unless the
    /// target is stopped. A started snapshot is paced by the runtime (a million open scopes take about
    /// a second), so it is waited for as long as its events keep coming, each pause bounded by the timeout.
    /// </summary>
    private async Task WaitForSnapshotAsync(DateTime deadline, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long eventsSeen = -1;
        while (true)
        {
            bool started;
            lock (Tracker.Sync)
            {
                if (Tracker.SnapshotCompleted)
                {
                    return;
                }

                started = Tracker.SnapshotStarted;
            }

            if (started && EventsRead != eventsSeen)
            {
                eventsSeen = EventsRead;
                DateTime progressDeadline = DateTime.UtcNow + timeout;
                deadline = progressDeadline > deadline ? progressDeadline : deadline;
            }

            if (_pump.IsCompleted)
            {
                throw new LeakScopeException(ReturnCode.TargetExited, $"Process {Target} exited before its snapshot was complete.");
            }

            if (DateTime.UtcNow >= deadline)
            {
                if (Target.IsStopped() || started)
                {
                    throw NotResponding(Target, timeout);
                }

                throw new LeakScopeException(
                    ReturnCode.ProviderNotFound,
                    $"Process {Target} did not answer within {timeout.TotalSeconds:0.#} s: it does not use LeakScope.Runtime, or has not entered a scope yet.");
            }

            await Task.WhenAny(_pump, Task.Delay(20, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Ends the session and reads the remaining events for as long as they keep coming; a target that
    /// does not acknowledge within <see cref="StopGrace"/>, and then sends nothing for as long, is cut off.
    /// </summary>
    /// <returns>False when the stream had to be cut: the target stopped answering (frozen or hung).</returns>
    public Task<bool> StopAsync() => _stop ??= StopOnceAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _session.Dispose();
    }

    private async Task<bool> StopOnceAsync()
    {
        if (!_pump.IsCompleted)
        {
            using var timeout = new CancellationTokenSource(StopGrace);
            try
            {
                await _session.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ServerNotAvailableException or IOException or SocketException or ServerErrorException)
            {
                // The target went away or hangs: the stream ends by itself, or is cut below.
            }
        }

        if (await DrainAsync().ConfigureAwait(false))
        {
            return true;
        }

        // Closing the stream ends the pump's read; it is not waited for beyond the grace.
        _session.Dispose();
        await Task.WhenAny(_pump, Task.Delay(StopGrace)).ConfigureAwait(false);
        return false;
    }

    /// <summary>Waits for the stream to end while bytes keep arriving; false once none came for <see cref="StopGrace"/>.</summary>
    private Task<bool> DrainAsync() => WaitWhileStreamingAsync(() => _pump.IsCompleted, CancellationToken.None);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (checked without the tracker's lock: take it
    /// inside if needed), for as long as the target keeps sending: false when the stream ended, or
    /// nothing arrived for <see cref="StopGrace"/>, with the condition still unmet.
    /// </summary>
    public async Task<bool> WaitWhileStreamingAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        long seen = _stream.BytesRead;
        DateTime quietSince = DateTime.UtcNow;
        while (!condition())
        {
            if (_pump.IsCompleted)
            {
                return condition();
            }

            long read = _stream.BytesRead;
            if (read != seen)
            {
                (seen, quietSince) = (read, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - quietSince >= StopGrace)
            {
                return false;
            }

            await Task.WhenAny(_pump, Task.Delay(20, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return true;
    }

    private static LeakScopeException NotResponding(TargetProcess target, TimeSpan timeout) => new(
        ReturnCode.TargetNotResponding,
        $"Process {target} did not respond within {timeout.TotalSeconds:0.#} s: it is {(target.IsStopped() ? "stopped (SIGSTOP or a debugger)" : "hung or stopped")}.");

    private static LeakScopeException AttachFailure(TargetProcess target, Exception ex)
    {
        if (!target.IsRunning())
        {
            return new LeakScopeException(ReturnCode.TargetExited, $"Process {target} exited while LeakScope was attaching.", ex);
        }

        if (IsPermissionProblem(ex) || (target.Visible && ProcessOwner.IsForeign(target.Pid, out _)))
        {
            string owner = target.Visible && ProcessOwner.IsForeign(target.Pid, out string uid) ? $" (uid {uid})" : string.Empty;
            return new LeakScopeException(ReturnCode.PermissionDenied, $"Permission denied attaching to {target}: run leakscope as the user that owns it{owner}.", ex);
        }

        if (target.Visible && NativeAotExecutable.Runs(target.Pid) && DotnetProcesses.ReadEnvironmentVariable(target.Pid, "DOTNET_EnableDiagnostics") is not "0")
        {
            return new LeakScopeException(
                ReturnCode.EventSourceDisabled,
                $"Cannot attach to {target}: it is a NativeAOT app published without EventSource support (the NativeAOT default), so no session can see its scopes; publish it with {ExitSnapshotContract.EventSourceProperty}, or run it under 'leakscope check', which reads the scopes it leaves open.",
                ex);
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
            _source = new EventPipeEventSource(_stream);
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
