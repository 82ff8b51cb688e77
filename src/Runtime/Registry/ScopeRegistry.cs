using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// The scopes open in this process. Entering and exiting cost a slot from a per-thread cache, a
/// timestamp, one CAS and per-thread counters; everything a session asks for beyond that is switched
/// on through <see cref="Modes"/> or done by the background worker. Reading and pinning open scopes
/// for emitters is in ScopeRegistry.Reading.cs.
/// </summary>
internal sealed unsafe partial class ScopeRegistry
{
    private readonly SlotStore _slots = new();
    private readonly ConcurrentDictionary<long, string> _faultTypes = new();
    private readonly AsyncLocal<ScopeFrame?> _currentFrame = new();
    private readonly RegistryModes _modesByConfiguration;
    private readonly int _abandonedPerSite;
    private volatile int _modes;
    private long _redundantDisposals;

    // The state file's slots (leakscope check only): a slot index below the count has its mirror there.
    private ScopeStateFile? _stateFile;
    private byte* _stateSlots;
    private int _stateSlotCount;

    /// <param name="trackParents">Track parent scopes for the whole process.</param>
    /// <param name="abandonedPerSite">How many abandoned scopes each call site's record keeps (<see cref="AbandonedRecord"/>).</param>
    /// <param name="captureStacks">Capture each call site's stack at its first enter, for the whole process.</param>
    public ScopeRegistry(bool trackParents = false, int abandonedPerSite = AbandonedRecord.DefaultCapacity, bool captureStacks = false)
    {
        _modesByConfiguration = (trackParents ? RegistryModes.TrackParents : RegistryModes.None)
            | (captureStacks ? RegistryModes.CaptureStacks : RegistryModes.None);
        _abandonedPerSite = abandonedPerSite;
        _modes = (int)_modesByConfiguration;
    }

    public CallSiteTable Sites { get; } = new();

    public OwnerTable Owners { get; } = new();

    public ParentTable Parents { get; } = new();

    public IScopeEventSink? Events { get; set; }

    public long RedundantDisposals => Volatile.Read(ref _redundantDisposals);

    /// <summary>Upper bound of slot indexes in use, for scans.</summary>
    public int Capacity => _slots.Capacity;

    public RegistryModes Modes => (RegistryModes)_modes;

    /// <summary>Sets what sessions ask for; what the configuration asked for (parents, stacks) stays on.</summary>
    public void SetSessionModes(RegistryModes modes) => _modes = (int)(modes | _modesByConfiguration);

    /// <summary>
    /// Mirrors every open scope into <paramref name="file"/> from now on. Called before the first scope of
    /// the process; sites and slots that exist already are added too.
    /// </summary>
    public void KeepStateIn(ScopeStateFile file)
    {
        _stateFile = file;
        Sites.AddListener(file.AddSite);
        Owners.AddListener(file.AddOwner);
        Parents.AddListener(file.AddParent);
        _slots.SlotsCreated = EnsureStateSlots;
        EnsureStateSlots(_slots.Capacity);
        _stateSlots = file.SlotsBase;
    }

    private void EnsureStateSlots(int capacity)
    {
        ScopeStateFile file = _stateFile!;
        file.EnsureSlots(capacity);
        Volatile.Write(ref _stateSlotCount, file.AllocatedSlots);
    }

    // watched, with its rule: the object whose collection abandons the scope (a watched resource or a tracked wrapper).
    public ScopeHandle Enter(string kind, string? name, string file, int line, string member, object? watched = null, WatchRule rule = WatchRule.None)
    {
        try
        {
            int siteId = Sites.IdOf(kind ?? "unspecified", file ?? string.Empty, line, member ?? string.Empty);
            int index = _slots.Rent(out long id, out ThreadState? owner);
            ref ScopeSlot slot = ref _slots[index];
            slot.SiteId = siteId;
            slot.Name = name;
            slot.ThreadId = owner?.ManagedThreadId ?? Environment.CurrentManagedThreadId;
            slot.EnteredAtMs = ScopeClock.Now();
            slot.ParentId = 0;
            slot.ParentLinkId = 0;
            slot.OwnerId = OwnerAt(siteId);
            if (watched is not null)
            {
                SetWatch(ref slot, watched, rule);
            }

            // Full mode alone (EmitEveryScope) needs nothing here: its enter is written below.
            int modes = _modes;
            if ((modes & (int)(RegistryModes.TrackParents | RegistryModes.CaptureStacks)) != 0)
            {
                ApplyEnterModes((RegistryModes)modes, ref slot, siteId, index, id, name);
            }

            if ((uint)index < (uint)_stateSlotCount)
            {
                ScopeStateFile.Record(_stateSlots + ((long)index * ScopeStateLayout.SlotSize), id, siteId, slot.ThreadId, slot.EnteredAtMs, name, slot.OwnerId, slot.ParentLinkId, StateFlags((WatchRule)slot.WatchRule));
            }

            long tag = SlotTag.For(id);
            if ((modes & (int)RegistryModes.EmitEveryScope) != 0 && Events is { } events)
            {
                events.OnEntered(new ScopeDescription(index, id, Sites.ById(siteId), name, slot.ParentId, slot.EnteredAtMs, slot.ThreadId, slot.OwnerId));
                tag |= SlotTag.Batched;
            }

            Volatile.Write(ref slot.Tag, tag);
            if (owner is not null)
            {
                owner.CountEntered(siteId);
            }
            else
            {
                Interlocked.Increment(ref Sites.ById(siteId).SharedEntered);
            }

            return new ScopeHandle(this, index, id);
        }
        catch (Exception ex)
        {
            SelfLog.Write("enter", ex);
            return default;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit(int index, long id, ScopeOutcome outcomeIfUnmarked)
    {
        // A scope with no flags set has a tag of exactly its id: one CAS releases it.
        ref ScopeSlot slot = ref _slots[index];
        if ((uint)index < (uint)_stateSlotCount)
        {
            ScopeStateFile.Clear(_stateSlots + ((long)index * ScopeStateLayout.SlotSize), id);
        }

        // While sessions ask for more, the tag carries flags (full mode's Batched) and this CAS would fail
        // for nothing: the slow path reads the tag first.
        bool released = false;
        if (_modes == 0)
        {
            released = id != 0 && Interlocked.CompareExchange(ref slot.Tag, 0, SlotTag.For(id)) == SlotTag.For(id);
            if (released && _modes == 0)
            {
                ReturnSlot(ref slot, index);
                return;
            }
        }

        ExitSlow(index, id, released, outcomeIfUnmarked);
    }

    /// <summary>Exits a scope with flags set (announced, outcome marked), already exited, or while sessions need more.</summary>
    private void ExitSlow(int index, long id, bool released, ScopeOutcome outcomeIfUnmarked)
    {
        try
        {
            ref ScopeSlot slot = ref _slots[index];
            long tag = SlotTag.For(id);
            if (!released && !TryRelease(ref slot, id, out tag))
            {
                Interlocked.Increment(ref _redundantDisposals);
                return;
            }

            if ((tag & (SlotTag.Announced | SlotTag.Batched | SlotTag.Faulted)) != 0)
            {
                ReportExit(ref slot, id, tag, outcomeIfUnmarked);
            }

            if ((_modes & (int)RegistryModes.TrackParents) != 0)
            {
                PopFrame(id);
            }

            ReturnSlot(ref slot, index);
        }
        catch (Exception ex)
        {
            SelfLog.Write("exit", ex);
        }
    }

    /// <summary>Counts the exit and frees a slot this thread has just released.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReturnSlot(ref ScopeSlot slot, int index)
    {
        int siteId = slot.SiteId;
        slot.Name = null;
        if (slot.WatchRule != 0)
        {
            ClearWatch(ref slot);
        }

        ThreadState? owner = _slots.Return(index);
        if (owner is not null)
        {
            owner.CountExited(siteId);
        }
        else
        {
            Interlocked.Increment(ref Sites.ById(siteId).SharedExited);
        }
    }

    /// <summary>Totals per call site, summed over the threads that counted them.</summary>
    public List<SiteCounters> ReadCounters()
    {
        long[] perThread = _slots.SumSiteCounts();
        CallSite[] sites = Sites.All(out int count);
        var counters = new List<SiteCounters>(count);
        for (int i = 0; i < count; i++)
        {
            CallSite site = sites[i];
            int at = 2 * site.Id;
            long entered = Volatile.Read(ref site.SharedEntered) + (at < perThread.Length ? perThread[at] : 0);
            long exited = Volatile.Read(ref site.SharedExited) + (at + 1 < perThread.Length ? perThread[at + 1] : 0);
            counters.Add(new SiteCounters(site, entered, exited, Volatile.Read(ref site.Abandoned)));
        }

        return counters;
    }

    /// <summary>
    /// Ends a scope whose watched resource or tracked wrapper was collected without being closed (from the worker's sweep).
    /// The scope is pinned, as an emitter pins a scope it describes, while it enters its site's record
    /// of abandoned scopes, and released only after: a snapshot meanwhile lists it as open, abandoned
    /// or both, never as neither.
    /// </summary>
    public void Abandon(int index, long id)
    {
        try
        {
            if (!TryBeginDescribe(index, out ScopeDescription scope, out _))
            {
                return;
            }

            if (scope.Id != id)
            {
                EndDescribe(index, announced: false);
                return;
            }

            ref ScopeSlot slot = ref _slots[index];
            CallSite site = scope.Site;
            long tag;
            try
            {
                site.RecordOfAbandoned(_abandonedPerSite).Add(new AbandonedScope(id, RetainedName.Of(scope.Name), scope.ParentId, scope.EnteredAtMs, ScopeClock.Now(), scope.ThreadId, scope.OwnerId));
            }
            finally
            {
                // Pinned, nobody else can release it, but an outcome may still be marked: take the flags as they are now.
                tag = Interlocked.Exchange(ref slot.Tag, 0);
            }

            if ((uint)index < (uint)_stateSlotCount)
            {
                ScopeStateFile.Clear(_stateSlots + ((long)index * ScopeStateLayout.SlotSize), id);
            }

            _stateFile?.CountAbandoned();
            Interlocked.Increment(ref site.Abandoned);
            if ((tag & SlotTag.Faulted) != 0)
            {
                _faultTypes.TryRemove(id, out _);
            }

            IScopeEventSink? events = Events;
            if (events is not null && events.IsListening)
            {
                events.OnAbandoned(scope);
            }

            slot.Name = null;
            if (slot.WatchRule != 0)
            {
                ClearWatch(ref slot);
            }

            _slots.Return(index);
        }
        catch (Exception ex)
        {
            SelfLog.Write("abandon", ex);
        }
    }

    /// <summary>Records how a scope is ending: completed (<paramref name="exception"/> null) or faulted.</summary>
    public void MarkOutcome(int index, long id, Exception? exception)
    {
        try
        {
            long flag = exception is null ? SlotTag.Completed : SlotTag.Faulted;
            if (exception is not null)
            {
                _faultTypes[id] = exception.GetType().FullName ?? exception.GetType().Name;
            }

            ref ScopeSlot slot = ref _slots[index];
            long tag = Volatile.Read(ref slot.Tag);
            while (tag != 0 && SlotTag.IdOf(tag) == id)
            {
                long seen = Interlocked.CompareExchange(ref slot.Tag, tag | flag, tag);
                if (seen == tag)
                {
                    return;
                }

                tag = seen;
            }

            // The scope had already ended: forget the exception type recorded for it.
            if (exception is not null)
            {
                _faultTypes.TryRemove(id, out _);
            }
        }
        catch (Exception ex)
        {
            SelfLog.Write("outcome", ex);
        }
    }

    private static bool TryRelease(ref ScopeSlot slot, long id, out long tag)
    {
        var spin = default(SpinWait);
        tag = Volatile.Read(ref slot.Tag);
        while (true)
        {
            if (tag == 0 || SlotTag.IdOf(tag) != id)
            {
                return false;
            }

            if ((tag & SlotTag.Describing) != 0)
            {
                spin.SpinOnce();
                tag = Volatile.Read(ref slot.Tag);
                continue;
            }

            long seen = Interlocked.CompareExchange(ref slot.Tag, 0, tag);
            if (seen == tag)
            {
                return true;
            }

            tag = seen;
        }
    }

    /// <summary>
    /// The owner current on this flow, except for a scope entered by a type initializer: it runs once, in
    /// whichever test or request touches the type first, and what it opens belongs to the process.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int OwnerAt(int siteId)
    {
        int ownerId = Owners.CurrentId;
        return ownerId != 0 && Sites.ById(siteId).IsTypeInitializer ? 0 : ownerId;
    }

    private void ApplyEnterModes(RegistryModes modes, ref ScopeSlot slot, int siteId, int index, long id, string? name)
    {
        if ((modes & RegistryModes.TrackParents) != 0)
        {
            ScopeFrame? parent = _currentFrame.Value;
            while (parent is not null && !IsOpen(parent.Index, parent.Id))
            {
                parent = parent.Parent;
            }

            slot.ParentId = parent?.Id ?? 0;
            int parentLinkId = parent is null ? 0 : Parents.LinkOf(parent, Sites);
            slot.ParentLinkId = parentLinkId;
            _currentFrame.Value = new ScopeFrame(index, id, parent, siteId, name, parentLinkId);
        }

        if ((modes & RegistryModes.CaptureStacks) != 0 && Sites.ById(siteId) is { Stack: null } site)
        {
            site.SetStack(CallerStack.Capture());
        }
    }

    private void PopFrame(long id)
    {
        ScopeFrame? current = _currentFrame.Value;
        if (current is not null && current.Id == id)
        {
            _currentFrame.Value = current.Parent;
        }
    }

    private void ReportExit(ref ScopeSlot slot, long id, long tag, ScopeOutcome outcomeIfUnmarked)
    {
        string? exceptionType = null;
        ScopeOutcome outcome = outcomeIfUnmarked;
        if ((tag & SlotTag.Faulted) != 0)
        {
            outcome = ScopeOutcome.Faulted;
            _faultTypes.TryRemove(id, out exceptionType);
        }
        else if ((tag & SlotTag.Completed) != 0)
        {
            outcome = ScopeOutcome.Completed;
        }

        IScopeEventSink? events = Events;
        bool announced = (tag & SlotTag.Announced) != 0;
        bool batched = (tag & SlotTag.Batched) != 0;
        if ((announced || batched) && events is not null && events.IsListening)
        {
            events.OnExited(id, outcome, exceptionType, slot.EnteredAtMs, announced, batched);
        }
    }
}
