namespace LeakScope.Cli.CommandLine;

/// <summary>Where a command writes: injected so commands run in-process under tests.</summary>
internal sealed record ToolConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static ToolConsole System { get; } = new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
