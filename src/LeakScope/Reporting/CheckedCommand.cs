namespace LeakScope.Cli.Reporting;

/// <summary>The command <c>check</c> ran: its arguments, its exit code (null if it never ended), and whether the run was interrupted.</summary>
internal sealed record CheckedCommand(IReadOnlyList<string> CommandLine, int? ExitCode, bool Interrupted, string SourceRoot);
