namespace LeakScope.Cli.Tracing;

internal sealed record DotnetProcess(int Pid, string Name, string CommandLine);
