using System.CommandLine;
using LeakScope.Cli.Check;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>Builds the root command and runs it, mapping every failure to one line and a documented exit code.</summary>
internal static class LeakScopeCommandLine
{
    public const string ExitCodes = """
        Exit codes:
          0    clean: no scope left open
          1    leaks found
          2    inconclusive: events were lost or the target was not observed fully
          3    bad arguments
          4    no such process
          5    not a .NET process, or its diagnostics are disabled
          6    permission denied: the process belongs to another user
          7    the process does not use LeakScope.Runtime (no answer in time)
          8    the process exited before a report could be made
          9    the process did not respond (hung or stopped); collect keeps its recording
          10   not a trace file, or a directory
          11   the trace file is cut short; what could be read was reported
          12   check: the command could not be started
          13   check: the command started no .NET process
          14   check: no leak found, but the command itself exited non-zero
          15   the report, recording, trace or baseline could not be written (disk full, permission)
          16   a socket named for the process belongs to another user: refused to connect
          17   a NativeAOT app without EventSource support: no session can see it (check still can)
          70   internal error in leakscope
          130  interrupted (Ctrl+C) before a report could be made
        """;

    public static RootCommand Build(ToolConsole console, TerminationSignal signal)
    {
        var root = new RootCommand("LeakScope: find resource scopes that were entered and never exited in a .NET process.\n\n" + ExitCodes)
        {
            PsCommand.Create(format => PsCommand.RunAsync(format, console)),
            SnapshotCommand.Create(settings => SnapshotCommand.RunAsync(settings, console, signal.Stop)),
            MonitorCommand.Create(settings => MonitorCommand.RunAsync(settings, console, signal)),
            CollectCommand.Create(settings => CollectCommand.RunAsync(settings, console, signal)),
            CheckCommand.Create(settings => CheckRun.RunAsync(settings, console, signal)),
            ReportCommand.Create(settings => ReportCommand.RunAsync(settings, console)),
            DemoCommand.Create(settings => DemoCommand.RunAsync(settings, console, signal)),
            DemoCommand.CreateTarget(),
            KeepPortCommand.Create(signal.Stop),
        };

        // 'leakscope' alone shows what it can do, as 'leakscope --help' does.
        root.Action = new ShowHelpAction();
        return root;
    }

    public static async Task<int> RunAsync(string[] args, ToolConsole console, TerminationSignal signal)
    {
        ParseResult parsed = Build(console, signal).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            console.Error.WriteLine("leakscope: " + DisplayText.Escape(ParseErrorLine.Describe(parsed)));
            console.Error.WriteLine(ParseErrorLine.UsageHint(parsed));
            return (int)ReturnCode.UsageError;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (LeakScopeException ex)
        {
            console.Error.WriteLine("leakscope: " + DisplayText.Escape(ex.Message));
            return (int)ex.Code;
        }
        catch (OperationCanceledException) when (signal.Stop.IsCancellationRequested)
        {
            console.Error.WriteLine("leakscope: interrupted before a report could be made.");
            return (int)ReturnCode.Interrupted;
        }
        catch (Exception ex)
        {
            console.Error.WriteLine("leakscope: internal error, please report it with the details below.");
            console.Error.WriteLine(ex);
            return (int)ReturnCode.InternalError;
        }
    }
}
