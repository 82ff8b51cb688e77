namespace LeakScope.Cli.Reporting;

/// <summary>
/// One scope entered and never exited: still open, open at exit, or abandoned. A value, so that a
/// report of a million leaks hands them out one at a time without an object each (<see cref="LeakList"/>).
/// </summary>
internal readonly record struct ReportedLeak(
    long Id,
    string Kind,
    string Name,
    string File,
    int Line,
    string Member,
    int ThreadId,
    DateTimeOffset EnteredAt,
    double AgeSeconds,
    long ParentId,
    string State,
    string? Stack)
{
    /// <summary><c>check</c> only: the process that leaked it.</summary>
    public int? Pid { get; init; }

    /// <summary>The owner (a test, a request) the scope was entered for; null when unowned.</summary>
    public Model.OwnerInfo? Owner { get; init; }

    /// <summary>The scopes that enclosed it when it was entered, innermost first; null when none is known (absent from JSON, as an unowned leak's owner).</summary>
    public IReadOnlyList<Model.ParentInfo>? Parents { get; init; }
}
