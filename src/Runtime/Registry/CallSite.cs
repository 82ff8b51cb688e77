namespace LeakScope.Registry;

/// <summary>Where scopes of one kind are entered, with counters shared by every scope entered there.</summary>
internal sealed class CallSite(int id, string kind, string file, int line, string member)
{
    public int Id { get; } = id;
    public string Kind { get; } = kind;
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Member { get; } = member;

    // Most counting happens per thread (ThreadState); these take what threads that cache for another
    // registry count, and abandonments, which happen on the finalizer thread.
    public long SharedEntered;
    public long SharedExited;
    public long Abandoned;

    // Owned by the background worker: the totals it last reported, so a summary covers one interval.
    public long SummarizedEntered;
    public long SummarizedExited;
    public long SummarizedAbandoned;

    /// <summary>Managed stack of the first enter seen here while a session asked for stacks.</summary>
    public string? Stack;
}
