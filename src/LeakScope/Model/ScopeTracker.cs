using LeakScope.Diagnostics;

namespace LeakScope.Cli.Model;

/// <summary>
/// What one session knows about the target's scopes, built from its events (docs/events.md):
/// open scopes, abandoned ones, call sites, recent per-site activity and snapshot progress. Not
/// thread-safe: the session feeds it from one thread and readers take <see cref="Sync"/>.
/// </summary>
/// <param name="nonce">This session's snapshot nonce.</param>
/// <param name="clockMs">The tool's clock in milliseconds, for ageing early exits; <see cref="Environment.TickCount64"/> by default.</param>
internal sealed class ScopeTracker(string nonce, Func<long>? clockMs = null)
{
    /// <summary>Nonces of snapshots taken to settle what is open as a session ends start with this.</summary>
    public const string ClosingNoncePrefix = "closing-";

    private const int MaxPendingExits = 1_000_000;
    private const int MaxPresizedScopes = 1_000_000;

    // The runtime keeps at most 100,000 owners (OwnerTable); more here would be a damaged or hostile stream.
    private const int MaxOwners = 200_000;

    private readonly Dictionary<long, TrackedScope> _open = [];
    private readonly Dictionary<(string Kind, string File, int Line, string Member), SiteInfo> _sites = [];
    private readonly Dictionary<int, SiteInfo> _sitesById = [];
    private readonly Dictionary<SiteInfo, SiteActivity> _activity = [];
    private readonly EarlyExits _exitedBeforeEntered = new(MaxPendingExits, clockMs ?? (() => Environment.TickCount64));

    // Full mode: an announced scope's exit comes twice, its ScopeExited event and its record; when the
    // event comes first (its thread's records were still buffered), the records that follow must neither
    // reopen the scope nor count its exit again.
    private readonly EarlyExits _exitedByEvent = new(MaxPendingExits, clockMs ?? (() => Environment.TickCount64));
    private readonly Dictionary<long, long> _parents = [];

    // Owner ids of open scopes, in a side table like parents: most scopes of most targets have none.
    private readonly Dictionary<long, int> _ownerIds = [];
    private readonly Dictionary<int, OwnerInfo> _owners = [];

    // Enclosing scopes of open scopes, known from check's exit snapshot and state files only.
    private readonly Dictionary<long, IReadOnlyList<ParentInfo>> _parentChains = [];
    private readonly NameTable _names = new();
    private readonly List<ClosedScope> _abandoned = [];
    private readonly HashSet<long> _abandonedIds = [];
    private readonly Dictionary<SiteInfo, long> _abandonedBySite = [];
    private readonly Dictionary<SiteInfo, long> _countOnlyBySite = [];
    private readonly Dictionary<SiteInfo, long> _summarizedAbandonedBySite = [];
    private HashSet<long>? _exitSnapshot;
    private HashSet<long>? _closingSnapshotInProgress;

    // Exits seen while a snapshot is in progress, of known scopes too: a batched snapshot's records
    // are written after the scope's slot is released, so its exit can come first.
    private HashSet<long>? _exitedDuringSnapshot;
    private long _droppedSnapshotExits;

    public object Sync { get; } = new();

    public string Nonce { get; } = nonce;

    /// <summary>This session's own snapshot has begun to arrive.</summary>
    public bool SnapshotStarted { get; private set; }

    /// <summary>This session's own snapshot has been fully received.</summary>
    public bool SnapshotCompleted { get; private set; }

    /// <summary>The target emitted its snapshot at a normal exit, so <see cref="OpenScopes"/> can be limited to it.</summary>
    public bool ExitSnapshotCompleted { get; private set; }

    /// <summary>Some session's start-up snapshot completed: scopes opened before the session are known.</summary>
    public bool AnySnapshotCompleted { get; private set; }

    /// <summary>The scopes listed by the last complete closing snapshot: exactly what was open as the session ended.</summary>
    public IReadOnlySet<long>? ClosingSnapshot { get; private set; }

    public int OpenCount => _open.Count;

    /// <summary>Full-mode exits waiting for their scope's enter record.</summary>
    public int PendingEarlyExits => _exitedBeforeEntered.Count;

    /// <summary>The session delivers every enter and exit as records (full mode); the first records say so too.</summary>
    public bool FullMode { get; set; }

    /// <summary>Exits that could not be kept, before their enter (full mode) or during a snapshot: counted as lost events.</summary>
    public long DroppedEarlyExits => _exitedBeforeEntered.Dropped + _droppedSnapshotExits;

    public IReadOnlyList<ClosedScope> Abandoned => _abandoned;

    /// <summary>
    /// Whether the target's runtime lists the scopes abandoned before a session started (its
    /// snapshots carry <c>abandonedCount</c>); null until a session-start snapshot completes.
    /// </summary>
    public bool? RecordsAbandoned { get; private set; }

    public IEnumerable<SiteActivity> Activity => _activity.Values;

    /// <summary>Per call site, how the scopes this session saw exit ended.</summary>
    public ExitOutcomes Outcomes { get; } = new();

    /// <summary>Per call site, the open scopes over time from the summaries, for the HTML report; bounded in memory.</summary>
    public SiteTimeline Timeline { get; } = new();

    /// <summary>When a site's sampled open count counts as growing (<c>monitor --growth-window</c>, <c>--growth-min-rise</c>).</summary>
    public GrowthRule Growth { get; init; } = GrowthRule.Default;

    public void OnSnapshotStarted(string snapshotNonce, int reason, long expectedCount)
    {
        SnapshotStarted |= snapshotNonce == Nonce;
        if (snapshotNonce.StartsWith(ClosingNoncePrefix, StringComparison.Ordinal))
        {
            _closingSnapshotInProgress = [];
        }

        // Sized once for the whole snapshot: growing by doubling would leave up to half the table empty.
        // The count comes from the event, so it is capped: a damaged one must not allocate gigabytes.
        _open.EnsureCapacity(_open.Count + (int)Math.Clamp(expectedCount, 0, MaxPresizedScopes));
        if (reason == (int)SnapshotReason.ProcessExiting)
        {
            _exitSnapshot = [];
        }

        _exitedDuringSnapshot ??= [];
    }

    public void OnSnapshotScope(string snapshotNonce, in ScopeDescription scope)
    {
        Add(scope);
        Listed(snapshotNonce, scope.Id);
    }

    /// <summary>A scope of a batched snapshot; one whose exit came first is listed but not open.</summary>
    public void OnSnapshotRecord(string snapshotNonce, in SnapshotRecord record)
    {
        Listed(snapshotNonce, record.ScopeId);

        // An exit already seen closes the scope for good (ids are never reused). An early exit record
        // stays remembered: the scope's enter record may still come, and must be cancelled too.
        if (_exitedDuringSnapshot?.Remove(record.ScopeId) == true || _exitedBeforeEntered.Contains(record.ScopeId))
        {
            return;
        }

        OpenRecorded(record.ScopeId, record.SiteId, record.ThreadId, record.ParentId, record.EnteredAt, record.Name, record.OwnerId);
    }

    /// <summary>
    /// Ends a snapshot; <paramref name="scopeCount"/> is how many scopes the runtime says it listed,
    /// <paramref name="abandonedCount"/> how many abandoned ones (null from a runtime without the record).
    /// </summary>
    public void OnSnapshotCompleted(string snapshotNonce, int reason, long scopeCount, long? abandonedCount = null)
    {
        _exitedDuringSnapshot = null;
        if (reason == (int)SnapshotReason.ProcessExiting && _exitSnapshot is not null)
        {
            ExitSnapshotCompleted = true;
        }
        else
        {
            AnySnapshotCompleted = true;
            RecordsAbandoned = RecordsAbandoned == true || abandonedCount is not null;
            SnapshotCompleted |= snapshotNonce == Nonce;
            if (_closingSnapshotInProgress is not null && snapshotNonce.StartsWith(ClosingNoncePrefix, StringComparison.Ordinal))
            {
                // A closing snapshot overrides lost events, so it must be whole: one that lost a scope
                // (an unreadable event, a damaged file) would turn a leak into a clean result.
                if (_closingSnapshotInProgress.Count == scopeCount)
                {
                    ClosingSnapshot = _closingSnapshotInProgress;
                }

                _closingSnapshotInProgress = null;
            }
        }
    }

    public void OnAnnounced(in ScopeDescription scope) => Add(scope);

    public void OnExited(long id, int outcome = 0, string exceptionType = "")
    {
        if (Exit(id, outcome, exceptionType) && FullMode)
        {
            _exitedByEvent.Add(id);
        }

        // Kept even when the scope was known open: a batched snapshot in progress may have listed it
        // already, and its record, written after the scope's slot was released, can still come.
        if (_exitedDuringSnapshot is { } pending)
        {
            if (pending.Count < MaxPendingExits)
            {
                pending.Add(id);
            }
            else
            {
                // Not kept, so a record of this scope could reopen it: the session cannot be exact.
                _droppedSnapshotExits++;
            }
        }
    }

    /// <summary>A scope abandoned, seen live or listed by a snapshot's record of abandoned scopes; each id counts once.</summary>
    public void OnAbandoned(in ScopeDescription scope, DateTime at)
    {
        Remove(scope.Id);
        if (!_abandonedIds.Add(scope.Id))
        {
            return;
        }

        SiteInfo site = Site(scope.Kind, scope.File, scope.Line, scope.Member, scope.Stack);
        _abandoned.Add(new ClosedScope(scope.Id, site, _names.Intern(scope.Name), scope.ThreadId, scope.ParentId, scope.EnteredAt, at, OwnerOf(scope.OwnerId)));
        _abandonedBySite[site] = _abandonedBySite.GetValueOrDefault(site) + 1;
    }

    /// <summary>
    /// A snapshot's count of every scope abandoned at a site since the target started. Those not known
    /// individually by now were evicted from the runtime's record before anyone listed them: they
    /// are known by count only, and stay so, since the record keeps only newer ones (docs/events.md).
    /// </summary>
    public void OnAbandonedSite(string snapshotNonce, string kind, string file, int line, string member, long abandoned)
    {
        SiteInfo site = Site(kind, file, line, member, string.Empty);
        _countOnlyBySite[site] = Math.Max(abandoned - _abandonedBySite.GetValueOrDefault(site), 0);
    }

    /// <summary>
    /// Per call site, abandoned scopes known by count but not listed: beyond the runtime's record, or,
    /// from a runtime without one, counted by its summaries (a lower bound: earlier summaries may have
    /// gone to another session).
    /// </summary>
    public Dictionary<SiteInfo, long> CountOnlyAbandoned()
    {
        var counts = new Dictionary<SiteInfo, long>();
        foreach (SiteInfo site in _countOnlyBySite.Keys.Union(_summarizedAbandonedBySite.Keys))
        {
            long fromSummaries = _summarizedAbandonedBySite.GetValueOrDefault(site) - _abandonedBySite.GetValueOrDefault(site);
            long count = Math.Max(_countOnlyBySite.GetValueOrDefault(site), fromSummaries);
            if (count > 0)
            {
                counts[site] = count;
            }
        }

        return counts;
    }

    /// <summary>An owner the target named (<c>OwnerDefined</c>); the first definition of an id stands.</summary>
    public void OnOwnerDefined(int ownerId, string kind, string name)
    {
        if (ownerId != 0 && !_owners.ContainsKey(ownerId) && _owners.Count < MaxOwners)
        {
            _owners[ownerId] = new OwnerInfo(kind, name);
        }
    }

    /// <summary>The owner with this id; null for 0 (unowned), <see cref="OwnerInfo.Undefined"/> for one never defined.</summary>
    public OwnerInfo? OwnerOf(int ownerId) =>
        ownerId == 0 ? null : _owners.GetValueOrDefault(ownerId) ?? OwnerInfo.Undefined(ownerId);

    public void OnSiteDefined(int siteId, string kind, string file, int line, string member, string stack)
    {
        SiteInfo site = Site(kind, file, line, member, stack);
        _sitesById[siteId] = site;
        Outcomes.Define(siteId, site);
    }

    /// <summary>Applies full-mode records; an exit can arrive before its enter when another thread's batch came first.</summary>
    public void OnRecords(List<ScopeRecord> records)
    {
        FullMode = true;
        foreach (ScopeRecord record in records)
        {
            if (record.Kind == ScopeRecordKind.Paired)
            {
                ClosePaired(record.ScopeId, record.SiteId, record.Count);
                continue;
            }

            if (_exitedByEvent.Count > 0 && _exitedByEvent.Contains(record.ScopeId))
            {
                // Its exit was counted from its event; only its own exit or pair record ends the wait for it.
                if (record.Kind != ScopeRecordKind.Entered)
                {
                    _exitedByEvent.Remove(record.ScopeId);
                }

                continue;
            }

            if (record.Kind == ScopeRecordKind.Entered)
            {
                if (_exitedBeforeEntered.Remove(record.ScopeId, out int outcome, out string exceptionType))
                {
                    CountExit(new TrackedScope { SiteId = record.SiteId }, outcome, exceptionType);
                    continue;
                }

                OpenRecorded(record.ScopeId, record.SiteId, record.ThreadId, record.ParentId, record.EnteredAt, record.Name, record.OwnerId);
            }
            else if (!Exit(record.ScopeId, record.Outcome, record.ExceptionType))
            {
                _exitedBeforeEntered.Add(record.ScopeId, record.Outcome, record.ExceptionType);
            }
        }
    }

    /// <summary>
    /// A call site's summary, stamped with when it was received: the live table's rates age by the tool's
    /// clock; the timeline takes the event's own time (<paramref name="happenedAt"/>), so a recording replays as it happened.
    /// </summary>
    public void OnSummary(string kind, string file, int line, string member, long openNow, long entered, long exited, long abandoned, double intervalMs, DateTime receivedAt, DateTime? happenedAt = null)
    {
        SiteInfo site = Site(kind, file, line, member, string.Empty);
        Timeline.Record(site, happenedAt ?? receivedAt, openNow);
        if (abandoned > 0)
        {
            // Saturating: a damaged count must not wrap into a negative one.
            long sum = _summarizedAbandonedBySite.GetValueOrDefault(site);
            _summarizedAbandonedBySite[site] = sum > long.MaxValue - abandoned ? long.MaxValue : sum + abandoned;
        }

        if (!_activity.TryGetValue(site, out SiteActivity? activity))
        {
            activity = new SiteActivity(site, Growth);
            _activity[site] = activity;
        }

        activity.Record(openNow, entered, exited, intervalMs, receivedAt);
    }

    /// <summary>Open scopes with their call sites resolved; with <paramref name="onlyOpenAtExit"/>, those the exit snapshot listed.</summary>
    public long ParentOf(long id) => _parents.GetValueOrDefault(id);

    public List<KnownOpenScope> OpenScopes(bool onlyOpenAtExit = false) => OpenScopesIn(onlyOpenAtExit ? _exitSnapshot : null);

    /// <summary>Open scopes with their call sites resolved, limited to <paramref name="only"/> when given.</summary>
    public List<KnownOpenScope> OpenScopesIn(IReadOnlySet<long>? only)
    {
        var result = new List<KnownOpenScope>(_open.Count);
        foreach ((long id, TrackedScope scope) in _open)
        {
            if (only is not null && !only.Contains(id))
            {
                continue;
            }

            result.Add(new KnownOpenScope(
                id,
                scope,
                SiteOf(scope),
                ParentOf(id),
                _ownerIds.Count > 0 && _ownerIds.TryGetValue(id, out int ownerId) ? OwnerOf(ownerId) : null,
                _parentChains.Count > 0 ? _parentChains.GetValueOrDefault(id) : null));
        }

        return result;
    }

    /// <summary>The open scope entered first, or null when none is: <c>monitor --max-age</c> asks every refresh, so no list is made.</summary>
    public KnownOpenScope? OldestOpen()
    {
        (long Id, TrackedScope Scope)? oldest = null;
        foreach ((long id, TrackedScope scope) in _open)
        {
            if (oldest is not { } known || scope.EnteredAtTicks < known.Scope.EnteredAtTicks)
            {
                oldest = (id, scope);
            }
        }

        return oldest is { } found ? new KnownOpenScope(found.Id, found.Scope, SiteOf(found.Scope), ParentOf(found.Id)) : null;
    }

    /// <summary>Counts exits at the scope's site; one known only by an id not defined yet waits for its definition.</summary>
    private void CountExit(in TrackedScope scope, int outcome, string exceptionType, long times = 1)
    {
        if ((scope.Site ?? _sitesById.GetValueOrDefault(scope.SiteId)) is { } site)
        {
            Outcomes.Count(site, outcome, exceptionType, times);
        }
        else
        {
            Outcomes.CountUndefined(scope.SiteId, outcome, exceptionType, times);
        }
    }

    private SiteInfo SiteOf(in TrackedScope scope) =>
        scope.Site ?? _sitesById.GetValueOrDefault(scope.SiteId) ?? Site("unknown", string.Empty, 0, string.Empty, string.Empty);

    private void Listed(string snapshotNonce, long id)
    {
        _exitSnapshot?.Add(id);
        if (_closingSnapshotInProgress is not null && snapshotNonce.StartsWith(ClosingNoncePrefix, StringComparison.Ordinal))
        {
            _closingSnapshotInProgress.Add(id);
        }
    }

    /// <summary>Opens a scope known from a record (full mode or a batched snapshot), whose site is known by id.</summary>
    private void OpenRecorded(long id, int siteId, int threadId, long parentId, DateTime enteredAt, string name, int ownerId)
    {
        _open[id] = new TrackedScope
        {
            Site = _sitesById.GetValueOrDefault(siteId),
            SiteId = siteId,
            ThreadId = threadId,
            Name = _names.Intern(name),
            EnteredAtTicks = enteredAt.Ticks,
        };
        SetParent(id, parentId);
        SetOwner(id, ownerId);
    }

    private void Add(in ScopeDescription scope)
    {
        _exitedBeforeEntered.Remove(scope.Id);
        _open[scope.Id] = new TrackedScope
        {
            Site = Site(scope.Kind, scope.File, scope.Line, scope.Member, scope.Stack),
            ThreadId = scope.ThreadId,
            Name = _names.Intern(scope.Name),
            EnteredAtTicks = scope.EnteredAt.Ticks,
        };
        SetParent(scope.Id, scope.ParentId);
        SetOwner(scope.Id, scope.OwnerId);
        if (scope.Parents is { Count: > 0 } chain)
        {
            _parentChains[scope.Id] = chain;
        }
    }

    /// <summary>
    /// Scopes entered and exited within one batch (outcome 0, no exception): <paramref name="count"/> of them
    /// with consecutive ids (a closed record's; a paired record's is 1). Each closes a scope a snapshot listed,
    /// as its two records would, or else only counts its exit; one whose exit its event already counted only
    /// ends the wait for its record. With nothing listed or waiting, the ids need no look-up; with fewer
    /// listed or waiting than the run has ids, those are looked at instead of every id (a closed record's
    /// count can be up to int.MaxValue in a few bytes).
    /// </summary>
    private void ClosePaired(long firstId, int siteId, int count)
    {
        if (_open.Count == 0 && _exitedByEvent.Count == 0)
        {
            CountExit(new TrackedScope { SiteId = siteId }, outcome: 0, exceptionType: string.Empty, count);
            return;
        }

        if (count > _open.Count + _exitedByEvent.Count)
        {
            long known = _exitedByEvent.RemoveWithin(firstId, count);
            List<long> listed = [.. _open.Keys.Where(id => (ulong)(id - firstId) < (ulong)count)];
            foreach (long id in listed)
            {
                Exit(id, outcome: 0, exceptionType: string.Empty);
            }

            known += listed.Count;
            if (count > known)
            {
                CountExit(new TrackedScope { SiteId = siteId }, outcome: 0, exceptionType: string.Empty, count - known);
            }

            return;
        }

        for (long id = firstId; id < firstId + count; id++)
        {
            if (_exitedByEvent.Count > 0 && _exitedByEvent.Remove(id))
            {
                continue;
            }

            if (!Exit(id, outcome: 0, exceptionType: string.Empty))
            {
                CountExit(new TrackedScope { SiteId = siteId }, outcome: 0, exceptionType: string.Empty);
            }
        }
    }

    /// <summary>Closes a scope known open, counting how it ended; false for one not known.</summary>
    private bool Exit(long id, int outcome, string exceptionType)
    {
        if (_open.TryGetValue(id, out TrackedScope scope))
        {
            CountExit(scope, outcome, exceptionType);
        }

        return Remove(id);
    }

    private bool Remove(long id)
    {
        if (!_open.Remove(id))
        {
            return false;
        }

        if (_parents.Count > 0)
        {
            _parents.Remove(id);
        }

        if (_ownerIds.Count > 0)
        {
            _ownerIds.Remove(id);
        }

        if (_parentChains.Count > 0)
        {
            _parentChains.Remove(id);
        }

        return true;
    }

    private void SetParent(long id, long parentId)
    {
        if (parentId != 0)
        {
            _parents[id] = parentId;
        }
    }

    private void SetOwner(long id, int ownerId)
    {
        if (ownerId != 0)
        {
            _ownerIds[id] = ownerId;
        }
    }

    private SiteInfo Site(string kind, string file, int line, string member, string stack)
    {
        var key = (kind, file, line, member);
        if (!_sites.TryGetValue(key, out SiteInfo? site))
        {
            site = new SiteInfo(kind, file, line, member);
            _sites[key] = site;
        }

        if (site.Stack is null && stack.Length > 0)
        {
            site.Stack = stack;
        }

        return site;
    }
}
