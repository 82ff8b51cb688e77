using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// Watched resources (<see cref="Scope.Watch"/>) and tracked wrappers (<see cref="Scope.Track"/>):
/// the slot holds a weak handle to the object, kept with the slot and reused, so watching allocates
/// nothing once a slot has one and never keeps the object alive. The background worker sweeps these
/// slots: a handle whose target was collected abandons its scope, and a resource whose family rule
/// sees it closed exits its scope.
/// </summary>
internal sealed partial class ScopeRegistry
{
    private volatile bool _watching;
    private volatile bool _stopped;

    /// <summary>Asks for a sweep soon (set by the runtime: wakes the worker, starting it if needed).</summary>
    public Action? SweepRequested { get; set; }

    /// <summary>Whether any scope was ever watched or tracked here, so sweeps have something to find.</summary>
    public bool IsWatching => _watching;

    /// <summary>Enters a scope that follows <paramref name="resource"/> by its family's rule (<see cref="WatchRules"/>).</summary>
    public void Watch(object resource, string kind, string? name, string file, int line, string member)
    {
        if (resource is null)
        {
            // Nothing to follow: an entered scope could only be reported abandoned, wrongly.
            return;
        }

        WatchRule rule = WatchRules.Of(resource);
        if (rule == WatchRule.Unobserved)
        {
            // Its closing can never be seen: a scope would be listed open after Dispose, a false leak.
            return;
        }

        if (rule == WatchRule.Events && resource is DbConnection { State: ConnectionState.Closed } closed)
        {
            WatchWhenOpened(closed, kind, name, file, line, member);
            return;
        }

        ScopeHandle scope = Enter(kind, name, file, line, member, resource, rule);
        if (rule == WatchRule.Transaction && scope.Id != 0)
        {
            RememberTransaction((DbTransaction)resource, scope);
        }

        if (rule == WatchRule.Events && scope.Id != 0)
        {
            try
            {
                WatchRules.Subscribe(resource, this, scope.Index, scope.Id);
            }
            catch (Exception ex)
            {
                SelfLog.Write("watch", ex);
            }
        }
    }

    /// <summary>A connection closed when watched holds nothing yet: its scope starts when it opens (<see cref="WatchOpenHandler"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WatchWhenOpened(DbConnection connection, string kind, string? name, string file, int line, string member)
    {
        try
        {
            var handler = new WatchOpenHandler(this, kind, name, file, line, member);
            connection.StateChange += handler.OnStateChange;
            connection.Disposed += handler.OnDisposed;
        }
        catch (Exception ex)
        {
            SelfLog.Write("watch", ex);
        }
    }

    /// <summary>Called from the collection sentinel after each garbage collection; false once this registry is stopped.</summary>
    public bool OnCollection()
    {
        if (_stopped)
        {
            return false;
        }

        SweepRequested?.Invoke();
        return true;
    }

    /// <summary>Stops the collection sentinel (test runtimes only).</summary>
    public void StopWatching() => _stopped = true;

    /// <summary>
    /// Abandons every watched or tracked scope whose object was collected, and, when
    /// <paramref name="probe"/>, exits every watched scope open at least <paramref name="minAgeMs"/>
    /// whose resource its rule sees closed. Returns how many scopes it ended.
    /// </summary>
    public int SweepWatched(long minAgeMs, bool probe)
    {
        if (!_watching)
        {
            return 0;
        }

        _slots.CacheOnThisThread();
        int ended = 0;
        long now = ScopeClock.Now();
        int capacity = Capacity;
        for (int first = 0; first < capacity; first += SlotStore.ChunkSize)
        {
            if (!_slots.TryGetChunk(first, out ScopeSlot[] chunk))
            {
                continue;
            }

            int inChunk = Math.Min(chunk.Length, capacity - first);
            for (int offset = 0; offset < inChunk; offset++)
            {
                ref ScopeSlot slot = ref chunk[offset];
                if (Volatile.Read(ref slot.WatchRule) != 0 && Volatile.Read(ref slot.Tag) != 0)
                {
                    ended += SweepSlot(ref slot, first + offset, now, minAgeMs, probe);
                }
            }
        }

        return ended;
    }

    /// <summary>
    /// Sweeps one watched slot. Its rule, object and entry time are read without pinning the scope, so
    /// they may be a later scope's if the slot is reused meanwhile; that is harmless, because all they
    /// decide is whether to try to end the scope with the id read first, and every ending checks that
    /// id again (a reused slot holds another id). A pin and its release would cost two interlocked
    /// operations per watched scope, as much again as the exit itself.
    /// </summary>
    private int SweepSlot(ref ScopeSlot slot, int index, long now, long minAgeMs, bool probe)
    {
        long tag = Volatile.Read(ref slot.Tag);
        var rule = (WatchRule)Volatile.Read(ref slot.WatchRule);
        if (tag == 0 || rule == WatchRule.None || !slot.WatchHandle.IsAllocated)
        {
            return 0;
        }

        long id = SlotTag.IdOf(tag);
        object? target = slot.WatchHandle.Target;
        if (target is null)
        {
            // Events and Track see every close as it happens, so gone while open is abandonment.
            // A probed resource may have been closed by its owner since the last probe.
            if (rule is WatchRule.Tracked or WatchRule.Events)
            {
                Abandon(index, id);
                return 1;
            }

            return ExitSwept(ref slot, index, id, ScopeOutcome.Collected);
        }

        if (probe && now - Volatile.Read(ref slot.EnteredAtMs) >= minAgeMs && WatchRules.IsClosed(rule, target))
        {
            return ExitSwept(ref slot, index, id, ScopeOutcome.Closed);
        }

        return 0;
    }

    /// <summary>Exits a swept scope if the slot still holds it; one that ended meanwhile is not a redundant disposal.</summary>
    private int ExitSwept(ref ScopeSlot slot, int index, long id, ScopeOutcome outcome)
    {
        long tag = Volatile.Read(ref slot.Tag);
        if (tag == 0 || SlotTag.IdOf(tag) != id)
        {
            return 0;
        }

        Exit(index, id, outcome);
        return 1;
    }

    /// <summary>
    /// The full id of the tracked scope open in slot <paramref name="index"/> for <paramref name="wrapper"/>
    /// (<see cref="TrackedScopeState"/>), or 0 when the slot no longer holds it.
    /// </summary>
    public long TrackedId(int index, uint idLowBits, object wrapper)
    {
        ref ScopeSlot slot = ref _slots[index];
        long tag = Volatile.Read(ref slot.Tag);
        if (tag == 0 || Volatile.Read(ref slot.WatchRule) != (int)WatchRule.Tracked || (uint)SlotTag.IdOf(tag) != idLowBits)
        {
            return 0;
        }

        // Set before the rule and the tag by the wrapper's own enter; any later watch of the slot points it elsewhere first.
        return ReferenceEquals(slot.WatchHandle.Target, wrapper) ? SlotTag.IdOf(tag) : 0;
    }

    public void CountRedundantDisposal() => Interlocked.Increment(ref _redundantDisposals);

    /// <summary>Points the slot's weak handle at <paramref name="watched"/> before the scope is published.</summary>
    private void SetWatch(ref ScopeSlot slot, object watched, WatchRule rule)
    {
        if (!slot.WatchHandle.IsAllocated)
        {
            slot.WatchHandle = GCHandle.Alloc(watched, GCHandleType.Weak);
        }
        else
        {
            slot.WatchHandle.Target = watched;
        }

        slot.WatchRule = (int)rule;
        if (!_watching)
        {
            StartWatching();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartWatching()
    {
        lock (_slots)
        {
            if (_watching)
            {
                return;
            }

            _watching = true;
            CollectionSentinel.Start(this);
        }

        SweepRequested?.Invoke();
    }

    /// <summary>The state file's flags for a scope watched by <paramref name="rule"/> (<see cref="ScopeStateLayout.ClosingNotSeenAtOnce"/>).</summary>
    private static ushort StateFlags(WatchRule rule) =>
        rule is WatchRule.None or WatchRule.Tracked or WatchRule.Events ? (ushort)0 : ScopeStateLayout.ClosingNotSeenAtOnce;

    /// <summary>
    /// Marks a slot being freed as not watched. The weak handle keeps pointing at the old object until the
    /// slot's next watch sets it: a weak handle keeps nothing alive, and with the rule cleared nothing reads
    /// it, so clearing it would only cost a call into the runtime on every tracked exit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearWatch(ref ScopeSlot slot) => slot.WatchRule = 0;
}
