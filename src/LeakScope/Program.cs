using LeakScope.Cli.CommandLine;

using TerminationSignal signal = TerminationSignal.Listen();
return await LeakScopeCommandLine.RunAsync(args, ToolConsole.System, signal);
