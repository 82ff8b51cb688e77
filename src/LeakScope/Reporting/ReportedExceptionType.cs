namespace LeakScope.Cli.Reporting;

/// <summary>An exception type that faulted scopes of a call site, as the target named it (cut at 256 characters), and how many.</summary>
internal sealed record ReportedExceptionType(string Type, long Count);
