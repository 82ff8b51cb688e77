using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>Where scopes of one kind are entered, with counters shared by every scope entered there.</summary>
internal sealed class CallSite(int id, string kind, string file, int line, string member)
{
    public int Id { get; } = id;
    public string Kind { get; } = kind;
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Member { get; } = member;

    /// <summary>Entered by a static constructor (the compiler's caller member name): such a scope is never owned.</summary>
    public bool IsTypeInitializer { get; } = member == ".cctor";

    /// <summary>Entries for this site in the call-site index (its strings, and other instances of their text); written under the table's lock.</summary>
    public int IndexEntries { get; set; }

    // Kind, file and member as every event and the exit snapshot file carry them: computed once per site.
    private string? _wireKind;
    private string? _wireFile;
    private string? _wireMember;

    public string WireKind => _wireKind ??= NameFormatter.ForWire(Kind, NameFormatter.MaxCodeTextLength);

    public string WireFile => _wireFile ??= NameFormatter.ForWire(File, NameFormatter.MaxCodeTextLength);

    public string WireMember => _wireMember ??= NameFormatter.ForWire(Member, NameFormatter.MaxCodeTextLength);

    // Most counting happens per thread (ThreadState); these take what threads that cache for another
    // registry count, and abandonments, which happen on the finalizer thread.
    public long SharedEntered;
    public long SharedExited;
    public long Abandoned;

    // Owned by the background worker: the totals it last reported, so a summary covers one interval.
    public long SummarizedEntered;
    public long SummarizedExited;
    public long SummarizedAbandoned;

    private AbandonedRecord? _abandonedRecord;

    /// <summary>The scopes abandoned here, most recent kept; null until the first one.</summary>
    public AbandonedRecord? AbandonedRecord => Volatile.Read(ref _abandonedRecord);

    /// <summary>The record of scopes abandoned here, made on the first abandonment.</summary>
    public AbandonedRecord RecordOfAbandoned(int capacity) =>
        AbandonedRecord ?? Interlocked.CompareExchange(ref _abandonedRecord, new AbandonedRecord(capacity), null) ?? _abandonedRecord!;

    /// <summary>1 once a <c>CallSiteDefined</c> event has described this site as it is now; see <see cref="TryClaimDefinition"/>.</summary>
    private int _defined;

    /// <summary>Managed stack of the first enter seen here while a session asked for stacks.</summary>
    public string? Stack { get; private set; }

    /// <summary>True for exactly one caller until <see cref="ForgetDefinition"/>: that caller emits the definition.</summary>
    public bool TryClaimDefinition() => Volatile.Read(ref _defined) == 0 && Interlocked.Exchange(ref _defined, 1) == 0;

    /// <summary>Makes the next full-mode enter define the site again (new sessions, or a stack that was missing).</summary>
    public void ForgetDefinition() => Volatile.Write(ref _defined, 0);

    public void SetStack(string stack)
    {
        Stack = NameFormatter.ForWire(stack, CallerStack.MaxLength);
        ForgetDefinition();
    }
}
