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

        if (resource is DbConnection { State: ConnectionState.Closed } closed)
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

        int ended = 0;
        long now = ScopeClock.Now();
        int capacity = Capacity;
        for (int index = 0; index < capacity; index++)
        {
            if (!_slots.TryGetChunk(index, out ScopeSlot[] chunk))
            {
                continue;
            }

            ref ScopeSlot slot = ref chunk[SlotStore.OffsetInChunk(index)];
            if (Volatile.Read(ref slot.WatchRule) == 0 || Volatile.Read(ref slot.Tag) == 0)
            {
                continue;
            }

            if (!TryBeginDescribe(index, out ScopeDescription scope, out _))
            {
                continue;
            }

            // Read under the pin: the scope cannot exit, so its rule and handle are its own.
            WatchRule rule;
            object? target;
            try
            {
                rule = (WatchRule)slot.WatchRule;
                target = rule == WatchRule.None ? null : slot.WatchHandle.Target;
            }
            finally
            {
                EndDescribe(index, announced: false);
            }

            if (rule == WatchRule.None)
            {
                continue;
            }

            if (target is null)
            {
                // Events and Track see every close as it happens, so gone while open is abandonment.
                // A probed resource may have been closed by its owner since the last probe.
                if (rule is WatchRule.Tracked or WatchRule.Events)
                {
                    Abandon(index, scope.Id);
                }
                else
                {
                    Exit(index, scope.Id, ScopeOutcome.Collected);
                }

                ended++;
            }
            else if (probe && now - scope.EnteredAtMs >= minAgeMs && WatchRules.IsClosed(rule, target))
            {
                // The id guards the exit: a scope that ended meanwhile, its slot reused, is left alone.
                Exit(index, scope.Id, ScopeOutcome.Closed);
                ended++;
            }
        }

        return ended;
    }

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

    /// <summary>Forgets the watched object of a slot being freed; the handle stays for the slot's next watch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ClearWatch(ref ScopeSlot slot)
    {
        slot.WatchRule = 0;
        slot.WatchHandle.Target = null;
    }
}
