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
    string? Stack);
