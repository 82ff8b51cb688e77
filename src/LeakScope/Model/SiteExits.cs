using LeakScope.Registry;

namespace LeakScope.Cli.Model;

/// <summary>
/// How the scopes of one call site that a session saw exit ended (<c>outcome</c> of <c>ScopeExited</c>
/// and of exit records, docs/events.md): a count per outcome, and for faulted exits the first
/// <see cref="MaxExceptionTypes"/> distinct exception types with their counts, the rest counted
/// together. Its size is fixed per site whatever the number of scopes.
/// </summary>
internal sealed class SiteExits(SiteInfo site)
{
    /// <summary>Outcomes 0 to 7; any other value is read as unspecified (0), as the contract says.</summary>
    public const int OutcomeCount = (int)ScopeOutcome.RolledBack + 1;

    /// <summary>Distinct exception types kept per site: a site faulting with ever new types (generated ones) stays small.</summary>
    public const int MaxExceptionTypes = 8;

    /// <summary>An exception type name is cut to this many characters: it comes from the target, maybe hostile.</summary>
    public const int MaxExceptionTypeLength = 256;

    /// <summary>Stands for a faulted exit whose exception type the runtime left empty.</summary>
    public const string NoExceptionType = "(none)";

    private readonly long[] _counts = new long[OutcomeCount];
    private List<KeyValuePair<string, long>>? _exceptionTypes;

    public SiteInfo Site { get; } = site;

    /// <summary>Every exit counted at this site.</summary>
    public long Total { get; private set; }

    /// <summary>Faulted exits whose exception type came after <see cref="MaxExceptionTypes"/> others: counted, not named.</summary>
    public long OtherExceptionTypes { get; private set; }

    /// <summary>The exception types of faulted exits, in the order first seen, with their counts.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ExceptionTypes => _exceptionTypes ?? [];

    /// <summary>Exits with <paramref name="outcome"/>.</summary>
    public long Count(ScopeOutcome outcome) => _counts[(int)outcome];

    /// <summary>Counts <paramref name="times"/> exits; <paramref name="exceptionType"/> counts only for faulted ones.</summary>
    public void Add(int outcome, string exceptionType, long times = 1)
    {
        int known = outcome is >= 0 and < OutcomeCount ? outcome : (int)ScopeOutcome.Unspecified;
        _counts[known] += times;
        Total += times;
        if (known == (int)ScopeOutcome.Faulted)
        {
            AddExceptionType(exceptionType, times);
        }
    }

    /// <summary>Adds every exit counted at <paramref name="other"/>, exception types included.</summary>
    public void AddFrom(SiteExits other)
    {
        for (int outcome = 0; outcome < OutcomeCount; outcome++)
        {
            if (outcome != (int)ScopeOutcome.Faulted && other._counts[outcome] != 0)
            {
                Add(outcome, string.Empty, other._counts[outcome]);
            }
        }

        foreach ((string type, long times) in other.ExceptionTypes)
        {
            Add((int)ScopeOutcome.Faulted, type, times);
        }

        if (other.OtherExceptionTypes != 0)
        {
            _counts[(int)ScopeOutcome.Faulted] += other.OtherExceptionTypes;
            Total += other.OtherExceptionTypes;
            OtherExceptionTypes += other.OtherExceptionTypes;
        }
    }

    private void AddExceptionType(string exceptionType, long times)
    {
        string type = exceptionType.Length == 0 ? NoExceptionType : Shortened(exceptionType);
        _exceptionTypes ??= [];
        for (int i = 0; i < _exceptionTypes.Count; i++)
        {
            if (string.Equals(_exceptionTypes[i].Key, type, StringComparison.Ordinal))
            {
                _exceptionTypes[i] = new(type, _exceptionTypes[i].Value + times);
                return;
            }
        }

        if (_exceptionTypes.Count < MaxExceptionTypes)
        {
            _exceptionTypes.Add(new(type, times));
        }
        else
        {
            OtherExceptionTypes += times;
        }
    }

    /// <summary>The exception type as a report keeps it: at most <see cref="MaxExceptionTypeLength"/> characters.</summary>
    public static string Shortened(string exceptionType) =>
        exceptionType.Length > MaxExceptionTypeLength ? Cut(exceptionType) : exceptionType;

    // Never between the halves of a surrogate pair: a lone one would break the JSON writers.
    private static string Cut(string exceptionType)
    {
        int length = MaxExceptionTypeLength - 1;
        if (char.IsHighSurrogate(exceptionType[length - 1]))
        {
            length--;
        }

        return string.Concat(exceptionType.AsSpan(0, length), "…");
    }
}
