namespace LeakScope.Cli.Reporting;

/// <summary>
/// The few colours the tool uses on a terminal: the verdict, and growing sites in the live table.
/// Off when output is redirected, when <c>NO_COLOR</c> is set to anything (no-color.org), and on a
/// terminal that says it is dumb.
/// </summary>
internal static class TerminalColor
{
    private const string Reset = "\u001b[0m";

    public static bool IsWanted(bool isTerminal, string? noColor, string? term) =>
        isTerminal && string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>The verdict word as the report prints it, coloured by what it means when <paramref name="color"/>.</summary>
    public static string Verdict(string verdict, bool color)
    {
        string word = verdict.ToUpperInvariant();
        if (!color)
        {
            return word;
        }

        string code = verdict switch
        {
            Verdicts.Leaks => "\u001b[1;31m",
            Verdicts.Clean => "\u001b[1;32m",
            _ => "\u001b[1;33m",
        };
        return code + word + Reset;
    }

    public static string Warning(string text, bool color) => color && text.Length > 0 ? "\u001b[33m" + text + Reset : text;
}
