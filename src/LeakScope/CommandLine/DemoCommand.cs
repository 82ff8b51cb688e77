using System.CommandLine;
using System.Diagnostics;
using LeakScope.Cli.Reporting;
using LeakScope.Samples;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// <c>leakscope demo</c>: starts the bundled sample service (samples/LeakScope.Demo) as a child
/// process, monitors it for a few seconds and prints the report.
/// </summary>
internal static class DemoCommand
{
    private const string TargetCommandName = "demo-target";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(Func<DemoSettings, Task<int>> run)
    {
        Option<DurationValue> duration = CommonOptions.Duration("--duration", "How long to monitor the sample.", TimeSpan.FromSeconds(5), allowZero: false);
        Option<ReportFormat?> format = CommonOptions.Format();
        Option<string?> output = CommonOptions.Output();
        var command = new Command("demo", "Start the bundled sample service, which leaks on purpose, monitor it and print the report.")
        {
            duration, format, output,
        };
        command.SetAction((result, _) => run(new DemoSettings(result.GetValue(duration), result.GetValue(format) ?? CommonOptions.DefaultFormat, result.GetValue(output))));
        return command;
    }

    /// <summary>The hidden command the demo's child process runs: the sample service itself.</summary>
    public static Command CreateTarget()
    {
        var command = new Command(TargetCommandName, "Runs the sample service (used by 'demo').") { Hidden = true };
        command.SetAction(async (_, _) =>
        {
            using var stop = new CancellationTokenSource();
            _ = Task.Run(() =>
            {
                // The parent closes our standard input when it is done with us.
                Console.In.ReadToEnd();
                stop.Cancel();
            });
            await OrdersService.RunAsync(() => Console.Out.WriteLine("ready"), stop.Token).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static async Task<int> RunAsync(DemoSettings settings, ToolConsole console, TerminationSignal signal)
    {
        UserOnlyFile.RequireWritablePath(settings.Output);
        using Process child = StartSample();
        try
        {
            Task<string?> ready = child.StandardOutput.ReadLineAsync(signal.Stop).AsTask();
            if (await Task.WhenAny(ready, Task.Delay(s_startTimeout, signal.Stop)).ConfigureAwait(false) != ready || await ready.ConfigureAwait(false) != "ready")
            {
                throw new LeakScopeException(ReturnCode.InternalError, "The sample service did not start.");
            }

            console.Error.WriteLine($"Started the sample service (pid {child.Id}), which leaks on purpose (samples/LeakScope.Demo/OrdersService.cs).");
            console.Error.WriteLine($"Monitoring it for {settings.Duration.TotalSeconds:0.#} s...");
            var monitor = new MonitorSettings(
                child.Id,
                Name: null,
                RefreshInterval: TimeSpan.FromSeconds(1),
                settings.Duration,
                MinAge: TimeSpan.FromSeconds(1),
                settings.Format,
                settings.Output,
                Stacks: false,
                AllEvents: false,
                AttachTimeout: TimeSpan.FromSeconds(10));
            int code = await MonitorCommand.RunAsync(monitor, console with { IsTerminal = false }, signal).ConfigureAwait(false);

            // Finding the sample's leaks is the demo working; anything else is reported as it is.
            return code == (int)ReturnCode.LeaksFound ? (int)ReturnCode.Clean : code;
        }
        finally
        {
            Stop(child);
        }
    }

    private static Process StartSample()
    {
        ProcessStartInfo start = ToolHost.StartInfo(TargetCommandName);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        return Process.Start(start) ?? throw new LeakScopeException(ReturnCode.InternalError, "Could not start the sample service.");
    }

    private static void Stop(Process child)
    {
        try
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                child.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // Already gone.
        }
    }
}
