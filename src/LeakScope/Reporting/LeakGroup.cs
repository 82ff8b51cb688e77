namespace LeakScope.Cli.Reporting;

/// <summary>Leaks entered at one call site.</summary>
internal sealed record LeakGroup(
    string Kind,
    string File,
    int Line,
    string Member,
    int Count,
    int Abandoned,
    double OldestAgeSeconds,
    IReadOnlyList<string> ExampleNames,
    string? Stack)
{
    /// <summary>Abandoned scopes at this site known by count only, not in <see cref="Count"/> (docs/report-format.md).</summary>
    public long AbandonedUnlisted { get; init; }

    /// <summary><c>check</c> only: the site's baseline signature (docs/report-format.md).</summary>
    public string? Signature { get; init; }

    /// <summary>The enclosing scopes of the group's oldest leak that has any, innermost first; empty when none is known.</summary>
    public IReadOnlyList<Model.ParentInfo> Parents { get; init; } = [];

    /// <summary>The owners (tests, requests) of the group's leaks, in the order first seen; empty when none has one.</summary>
    public IReadOnlyList<Model.OwnerInfo> Owners { get; init; } = [];

    /// <summary><c>check</c> only: the processes whose leaks the group holds.</summary>
    public IReadOnlyList<int>? Pids { get; init; }
}
