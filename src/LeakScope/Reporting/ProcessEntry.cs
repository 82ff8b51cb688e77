namespace LeakScope.Cli.Reporting;

/// <summary>One .NET process observed by <c>check</c>.</summary>
/// <param name="Instrumented">It used LeakScope.Runtime; processes that did not (the dotnet host, build nodes) cannot leak scopes.</param>
/// <param name="Verdict">This process's own verdict, before ignores and the baseline; null when not instrumented.</param>
/// <param name="Ending">How its observation ended (see <see cref="Endings"/>), or <c>not-observed</c>.</param>
internal sealed record ProcessEntry(
    int Pid,
    string ProcessName,
    string CommandLine,
    DateTimeOffset? StartTime,
    bool Instrumented,
    string? Verdict,
    string Ending,
    long EventsLost,
    int Leaks,
    IReadOnlyList<string> Notes);
