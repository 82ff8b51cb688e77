using LeakScope.Cli.CommandLine;

namespace LeakScope.Cli.Tests.Support;

/// <summary>Runs the real command line in-process against a captured console.</summary>
internal sealed class CliRun
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public CliRun(bool terminal = false, bool color = false)
    {
        Console = new ToolConsole(TextWriter.Synchronized(_out), TextWriter.Synchronized(_error), terminal) { UseColor = color };
    }

    public ToolConsole Console { get; }

    public TerminationSignal Signal { get; } = TerminationSignal.Manual();

    public string Out => _out.ToString();

    public string Error => _error.ToString();

    public static async Task<(int Code, CliRun Run)> RunAsync(params string[] args)
    {
        var run = new CliRun();
        int code = await run.InvokeAsync(args);
        return (code, run);
    }

    public Task<int> InvokeAsync(params string[] args) => LeakScopeCommandLine.RunAsync(args, Console, Signal);
}
