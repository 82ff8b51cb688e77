namespace LeakScope.Registry;

/// <summary>
/// A <see cref="TrackedScope{T}"/>'s scope in one <c>long</c>, so the wrapper is 32 bytes (header,
/// resource, this) rather than 48 with a whole <see cref="ScopeHandle"/>. Open: the slot index in the
/// high half and the id's low 32 bits in the low half (never negative). Exited: the bitwise complement
/// of the full id (always negative; ~0 for a scope that could not be entered).
/// </summary>
/// <remarks>
/// While open, the full id is the slot's: the slot holds the wrapper's scope when its rule is
/// <see cref="WatchRule.Tracked"/>, its weak handle points at this very wrapper (each wrapper is entered
/// once, and a slot's next watch points the handle elsewhere first) and the id's low bits agree. The
/// registry is always the process's default one, as <see cref="Scope.Track"/> uses no other.
/// </remarks>
internal static class TrackedScopeState
{
    private static readonly ScopeRegistry s_registry = ScopeRuntime.Default.Registry;

    public static long Open(ScopeHandle scope) =>
        scope.Id == 0 ? ~0L : ((long)scope.Index << 32) | (uint)scope.Id;

    /// <summary>The scope's id: from the slot while open, from the state once exited.</summary>
    public static long IdOf(object wrapper, ref long state)
    {
        long now = Volatile.Read(ref state);
        if (now < 0)
        {
            return ~now;
        }

        long id = s_registry.TrackedId((int)(now >> 32), (uint)now, wrapper);
        if (id != 0)
        {
            return id;
        }

        // The slot no longer holds it: an exit wrote the exited state before releasing the slot.
        now = Volatile.Read(ref state);
        return now < 0 ? ~now : 0;
    }

    /// <summary>Exits the scope; a second exit counts as a redundant disposal, as for a <see cref="ScopeHandle"/>.</summary>
    public static void Exit(object wrapper, ref long state)
    {
        long now = Volatile.Read(ref state);
        if (now < 0)
        {
            if (now != ~0L)
            {
                s_registry.CountRedundantDisposal();
            }

            return;
        }

        int index = (int)(now >> 32);
        long id = s_registry.TrackedId(index, (uint)now, wrapper);
        if (id == 0)
        {
            s_registry.CountRedundantDisposal();
            return;
        }

        // Before the slot is released: a reader that finds the slot gone then finds the id here.
        Volatile.Write(ref state, ~id);
        s_registry.Exit(index, id, ScopeOutcome.Unspecified);
    }

    /// <summary>Marks the outcome, completed (<paramref name="exception"/> null) or faulted, while the scope is open.</summary>
    public static void MarkOutcome(object wrapper, ref long state, Exception? exception)
    {
        long now = Volatile.Read(ref state);
        if (now < 0)
        {
            return;
        }

        int index = (int)(now >> 32);
        long id = s_registry.TrackedId(index, (uint)now, wrapper);
        if (id != 0)
        {
            s_registry.MarkOutcome(index, id, exception);
        }
    }
}
