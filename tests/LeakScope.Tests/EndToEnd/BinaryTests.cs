using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>The real leakscope executable: what a user's shell sees, signals included.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BinaryTests
{
    [Fact]
    public void BadFlag_PrintsOneLine_AndTheUsageHint_AndExits3()
    {
        using ChildProcess tool = ChildProcess.StartDotnet("leakscope.dll", "monitor", "--min-age", "abc", "123");

        Assert.True(tool.WaitForExit(ChildProcess.Patience));
        Assert.Equal(3, tool.ExitCode);
        Assert.Equal(
            "leakscope: --min-age takes seconds (5, 0.5) or [dd:]hh:mm:ss (00:00:05), up to 365 days; not 'abc'.\nRun 'leakscope monitor --help' for usage.",
            tool.Errors);
    }

    [Fact]
    public async Task CtrlC_StopsMonitor_AndPrintsTheReport()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        using ChildProcess tool = ChildProcess.StartDotnet("leakscope.dll", "monitor", app.Pid.ToString(), "--min-age", "0", "--format", "json");
        await Eventually.TrueAsync(() => tool.Errors.Contains("Attached to", StringComparison.Ordinal), "the monitor to attach", () => tool.HasExited);

        using (ChildProcess.Start("kill", "-INT", tool.Pid.ToString()))
        {
        }

        Assert.True(tool.WaitForExit(ChildProcess.Patience), "The monitor did not stop on SIGINT.");
        Assert.Equal(1, tool.ExitCode);
        JsonElement report = JsonReport.Parse(tool.Output);
        Assert.Equal("stopped", report.Str("ending"));
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        Assert.Equal(2, report.Leaks().Count);
        Assert.False(app.Process.HasExited, "Stopping the monitor must not stop the target.");
    }

    [Fact]
    public async Task CtrlC_WhileAttaching_Exits130()
    {
        using TargetApp app = TargetApp.Start("--no-scopes");
        var run = new CliRun();
        run.Signal.Raise();

        int code = await run.InvokeAsync("monitor", app.Pid.ToString());

        Assert.Equal(130, code);
        Assert.Contains("interrupted", run.Error, StringComparison.Ordinal);
    }
}
