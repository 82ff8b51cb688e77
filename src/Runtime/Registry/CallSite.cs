namespace LeakScope.Registry;

/// <summary>Where scopes of one kind are entered, with counters shared by every scope entered there.</summary>
internal sealed class CallSite(int id, string kind, string file, int line, string member)
{
    public int Id { get; } = id;
    public string Kind { get; } = kind;
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Member { get; } = member;

    // Written with Interlocked by entering/exiting threads; read by metrics and summaries.
    public long Entered;
    public long Exited;
    public long Abandoned;

    // Owned by the background worker: the totals it last reported, so a summary covers one interval.
    public long SummarizedEntered;
    public long SummarizedExited;
    public long SummarizedAbandoned;

    /// <summary>Managed stack of the first enter seen here while a session asked for stacks.</summary>
    public string? Stack;

    public long OpenNow => Volatile.Read(ref Entered) - Volatile.Read(ref Exited) - Volatile.Read(ref Abandoned);
}
