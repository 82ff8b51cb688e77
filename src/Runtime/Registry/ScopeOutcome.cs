namespace LeakScope.Registry;

/// <summary>How a scope ended; the value is part of the event contract (docs/events.md).</summary>
internal enum ScopeOutcome
{
    /// <summary>Disposed without <c>Complete</c> or <c>Fail</c>: the code did not say.</summary>
    Unspecified = 0,
    Completed = 1,
    Faulted = 2,

    /// <summary>A watched resource was seen closed (by using, Dispose, Close or its owner: the probe cannot tell which).</summary>
    Closed = 3,

    /// <summary>A watched component raised Disposed.</summary>
    Disposed = 4,

    /// <summary>
    /// A watched resource seen only by probes was collected before a probe saw it closed: closed by its
    /// owner, or dropped open, can no longer be told, so it is not reported abandoned.
    /// </summary>
    Collected = 5,

    /// <summary>A watched transaction was committed, seen by an intercepted <c>Commit</c>/<c>CommitAsync</c> (auto-tracking).</summary>
    Committed = 6,

    /// <summary>A watched transaction was rolled back, seen by an intercepted <c>Rollback</c>/<c>RollbackAsync</c> (auto-tracking).</summary>
    RolledBack = 7,
}
