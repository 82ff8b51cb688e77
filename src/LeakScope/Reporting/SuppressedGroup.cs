namespace LeakScope.Cli.Reporting;

/// <summary>Leaks at one call site that the run accepted, and why: <c>ignored-kind</c>, <c>ignored-site</c> or <c>baseline</c>.</summary>
internal sealed record SuppressedGroup(string Kind, string File, int Line, string Member, int Count, string Reason, string Signature);
