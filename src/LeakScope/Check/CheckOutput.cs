namespace LeakScope.Cli.Check;

/// <summary>One report to write: a format and a file (null: standard output, after the command has finished).</summary>
internal sealed record CheckOutput(CheckFormat Format, string? Path);
