namespace LeakScope.Cli.CommandLine;

/// <summary>Where a command writes: injected so commands run in-process under tests.</summary>
internal sealed record ToolConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static ToolConsole System { get; } = new(Console.Out, Console.Error, !Console.IsOutputRedirected)
    {
        UseColor = Reporting.TerminalColor.IsWanted(!Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM")),
    };

    /// <summary>Colour what is written to <see cref="Out"/> (the verdict, growing sites); only ever on a terminal.</summary>
    public bool UseColor { get; init; }
}
