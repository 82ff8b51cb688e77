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
}
