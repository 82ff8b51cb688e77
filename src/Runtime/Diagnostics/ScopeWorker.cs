using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// The background thread that does what sessions ask for without slowing the enter/exit path:
/// snapshots for new sessions, announcing scopes once they are older than the age threshold, and
/// per-call-site summaries.
/// </summary>
internal sealed class ScopeWorker
{
    private static readonly TimeSpan s_minScanInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_maxScanInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_batchFlushInterval = TimeSpan.FromMilliseconds(20);

    // How often watched resources are probed while no session listens (collections also wake the worker).
    private static readonly TimeSpan s_unwatchedSweepInterval = TimeSpan.FromSeconds(1);

    // Readers that order events across threads (TraceEvent) hold back a thread's last events until a
    // later event arrives; a heartbeat bounds that wait for an otherwise quiet process.
    private const long HeartbeatIntervalMs = 200;

    private readonly ScopeRegistry _registry;
    private readonly ScopeEventSource _events;
    private readonly ConcurrentQueue<(string Nonce, bool Batched)> _snapshotRequests = new();
    private readonly AutoResetEvent _wake = new(initialState: false);
    private readonly object _emitLock = new();
    private readonly Thread _thread;
    private long _lastSummaryAtMs = ScopeClock.Now();
    private long _lastHeartbeatAtMs;
    private volatile bool _stopping;

    public ScopeWorker(ScopeRegistry registry, ScopeEventSource events)
    {
        _registry = registry;
        _events = events;
        _thread = new Thread(Run) { IsBackground = true, Name = "LeakScope worker" };
        _thread.Start();
    }

    /// <summary>Ends the thread; only runtimes made for tests are ever stopped.</summary>
    public void Stop()
    {
        _stopping = true;
        _wake.Set();
    }

    /// <summary>Wakes the thread to sweep watched scopes (after a garbage collection, or the first watch).</summary>
    public void RequestSweep() => _wake.Set();

    /// <param name="nonce">Names the snapshot for the session that asked.</param>
    /// <param name="batched">That session reads <c>SnapshotBatch</c> events.</param>
    public void RequestSnapshot(string nonce, bool batched)
    {
        _snapshotRequests.Enqueue((nonce, batched));
        _wake.Set();
    }

    /// <summary>
    /// Emits every open scope between start and end markers, marking each as announced: as one
    /// event per scope, or, when <paramref name="batched"/>, as paced batches of records.
    /// </summary>
    public long EmitSnapshot(string nonce, SnapshotReason reason, bool batched)
    {
        lock (_emitLock)
        {
            // Watched resources closed since the last sweep are not open: every one is probed, whatever its age.
            _registry.SweepWatched(minAgeMs: 0, probe: true);

            // Tells readers how many scopes to expect, so they can size their tables once.
            _events.SnapshotStarted(nonce, (int)reason, _registry.ReadCounters().Sum(site => site.OpenNow));
            _events.ForgetOwnerDefinitions();
            if (_events.IsFullMode)
            {
                _events.DefineAllSites();
            }

            SnapshotBatchWriter? writer = batched ? new SnapshotBatchWriter(_events, nonce) : null;
            long count = 0;
            int capacity = _registry.Capacity;
            for (int index = 0; index < capacity; index++)
            {
                if (!_registry.TryBeginDescribe(index, out ScopeDescription scope, out _))
                {
                    continue;
                }

                try
                {
                    if (writer is null)
                    {
                        _events.Describe(EventIds.SnapshotScope, nonce, scope);
                    }
                    else
                    {
                        writer.Add(scope, _events.FormatName(scope.Name));
                    }

                    count++;
                }
                finally
                {
                    _registry.EndDescribe(index, announced: true);
                }

                // Outside the slot: an exit of that scope waits for nobody while the batch is paced.
                writer?.WriteIfFull();
            }

            writer?.Complete();
            long abandoned = EmitAbandoned(nonce);
            _events.SnapshotCompleted(nonce, (int)reason, count, abandoned);
            return count;
        }
    }

    /// <summary>
    /// Lists each call site's record of abandoned scopes, then how many were abandoned there in all:
    /// a tool that attaches after the collector found them still learns of them. Returns how many it listed.
    /// </summary>
    private long EmitAbandoned(string nonce)
    {
        long listed = 0;
        var scopes = new List<AbandonedScope>();
        CallSite[] sites = _registry.Sites.All(out int siteCount);
        for (int i = 0; i < siteCount; i++)
        {
            CallSite site = sites[i];
            if (site.AbandonedRecord is not { } record)
            {
                continue;
            }

            scopes.Clear();
            long total = record.CopyTo(scopes);
            foreach (AbandonedScope scope in scopes)
            {
                _events.DescribeAbandoned(nonce, site, scope);
            }

            _events.EmitAbandonedSite(nonce, site, total, scopes.Count);
            listed += scopes.Count;
        }

        return listed;
    }

    /// <summary>Announces every open scope older than the threshold that no session was told about yet.</summary>
    public int AnnounceAged(TimeSpan threshold)
    {
        lock (_emitLock)
        {
            int announced = 0;
            long thresholdMs = (long)threshold.TotalMilliseconds;

            // A watched resource closed without telling anyone is exited here, not announced as aged.
            _registry.SweepWatched(thresholdMs, probe: true);
            long now = ScopeClock.Now();
            int capacity = _registry.Capacity;
            for (int index = 0; index < capacity; index++)
            {
                if (!_registry.IsUnannouncedOpen(index, out long entered) || now - entered < thresholdMs)
                {
                    continue;
                }

                if (!_registry.TryBeginDescribe(index, out ScopeDescription scope, out bool wasAnnounced))
                {
                    continue;
                }

                bool announce = !wasAnnounced && now - scope.EnteredAtMs >= thresholdMs;
                try
                {
                    if (announce)
                    {
                        _events.Describe(EventIds.ScopeAnnounced, string.Empty, scope);
                        announced++;
                    }
                }
                finally
                {
                    _registry.EndDescribe(index, announce || wasAnnounced);
                }
            }

            return announced;
        }
    }

    /// <summary>Emits, for each call site with activity or open scopes, what changed since the last summary.</summary>
    public void EmitSummaries()
    {
        lock (_emitLock)
        {
            long now = ScopeClock.Now();
            double intervalMs = ScopeClock.MillisecondsBetween(_lastSummaryAtMs, now);
            _lastSummaryAtMs = now;
            foreach (SiteCounters counters in _registry.ReadCounters())
            {
                CallSite site = counters.Site;
                (long entered, long exited, long abandoned) = (counters.Entered, counters.Exited, counters.Abandoned);
                long enteredDelta = entered - site.SummarizedEntered;
                long exitedDelta = exited - site.SummarizedExited;
                long abandonedDelta = abandoned - site.SummarizedAbandoned;
                long openNow = entered - exited - abandoned;
                if (enteredDelta == 0 && exitedDelta == 0 && abandonedDelta == 0 && openNow == 0)
                {
                    continue;
                }

                site.SummarizedEntered = entered;
                site.SummarizedExited = exited;
                site.SummarizedAbandoned = abandoned;
                _events.EmitSummary(site, Math.Max(openNow, 0), enteredDelta, exitedDelta, abandonedDelta, intervalMs);
            }
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            try
            {
                _wake.WaitOne(_events.IsEnabled() ? ScanInterval() : _registry.IsWatching ? s_unwatchedSweepInterval : Timeout.InfiniteTimeSpan);
                if (_stopping)
                {
                    return;
                }

                if (_registry.IsWatching && !_events.IsEnabled(EventLevel.Informational, ScopeEventSource.Keywords.Lifecycle))
                {
                    // With no session announcing aged scopes (which sweeps first), the sweep runs here, so
                    // closed and collected watched resources leave the registry and its counts.
                    _registry.SweepWatched((long)SessionSettings.Default.AgeThreshold.TotalMilliseconds, probe: true);
                }

                if (_events.IsFullMode)
                {
                    _events.FlushBatches();
                }

                while (_snapshotRequests.TryDequeue(out (string Nonce, bool Batched) request))
                {
                    EmitSnapshot(request.Nonce, SnapshotReason.SessionStarted, request.Batched);
                }

                if (_events.IsEnabled(EventLevel.Informational, ScopeEventSource.Keywords.Lifecycle))
                {
                    AnnounceAged(_events.CurrentSettings.AgeThreshold);
                }

                if (_events.IsEnabled(EventLevel.Informational, ScopeEventSource.Keywords.Summaries)
                    && ScopeClock.MillisecondsSince(_lastSummaryAtMs) >= _events.CurrentSettings.SummaryInterval.TotalMilliseconds)
                {
                    EmitSummaries();
                }

                if (_events.IsEnabled() && ScopeClock.Now() - _lastHeartbeatAtMs >= HeartbeatIntervalMs)
                {
                    _lastHeartbeatAtMs = ScopeClock.Now();
                    _events.Heartbeat();
                }
            }
            catch (Exception ex)
            {
                SelfLog.Write("background scan", ex);
            }
        }
    }

    private TimeSpan ScanInterval()
    {
        SessionSettings settings = _events.CurrentSettings;
        TimeSpan interval = TimeSpan.FromTicks(Math.Min(settings.AgeThreshold.Ticks / 4, settings.SummaryInterval.Ticks / 2));
        if (_events.IsFullMode && interval > s_batchFlushInterval)
        {
            interval = s_batchFlushInterval;
        }

        return interval < s_minScanInterval ? s_minScanInterval : interval > s_maxScanInterval ? s_maxScanInterval : interval;
    }
}
