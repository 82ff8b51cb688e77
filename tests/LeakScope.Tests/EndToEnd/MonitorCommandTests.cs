using System.Text.Json;
using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class MonitorCommandTests
{
    [Fact]
    public async Task Monitor_LateAttach_SeesScopesOpenedBeforeIt_AndNewOnes()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0", "--duration", "3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        DateTimeOffset attached = DateTimeOffset.UtcNow;
        app.Run("leak 1");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("stopped", report.Str("ending"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(3, leaks.Count);
        Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
        // Entered-at times come from a millisecond clock: allow it a little slack around the attach.
        TimeSpan slack = TimeSpan.FromMilliseconds(20);
        Assert.Equal(2, leaks.Count(l => l.GetProperty("enteredAt").GetDateTimeOffset() < attached - slack));
        Assert.Equal(1, leaks.Count(l => l.GetProperty("enteredAt").GetDateTimeOffset() > attached - slack));
    }

    [Fact]
    public async Task Monitor_ScopesClosedDuringTheRun_AreNotReported()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("hold");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0.2", "--duration", "3", "--format", "json");
        app.Run("balanced 1000");
        app.Run("release");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 0, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("clean", report.Str("verdict"));
        Assert.Empty(report.Leaks());
    }

    [Fact]
    public async Task Monitor_TargetExitsNormally_ReportsWhatWasOpenAtExit()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        app.Run("balanced 10");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "60", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        app.Process.Send("exit");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("open-at-exit", report.Str("ending"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Monitor_TargetExitsNormally_AlsoListsScopesYoungerThanMinAge()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "60", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        var sites = app.Run("leak 2");
        app.Run("hold");
        app.Process.Send("exit");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        // Seconds old at most, never announced: only the runtime's exit snapshot file can name them.
        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("open-at-exit", report.Str("ending"));
        Assert.Equal(["checkout", "orders-0", "orders-1"], report.Leaks().Select(l => l.Str("name")).Order());
        Assert.Contains(report.Leaks(), l => l.Int("line") == sites[0].Line);
        Assert.DoesNotContain(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("--min-age", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_AllEvents_TargetExitingMidFlood_ReportsNoPhantomLeak()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 100");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--min-age", "0", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        app.Run("churn-forever 2");
        app.Process.Send("exit");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        // Exits and losses in the flood must never turn closed churn scopes into leaks: exact, or
        // inconclusive. Exact means the 100 held scopes plus at most one churn scope per thread, the
        // ones its background threads were inside when the runtime wrote the exit snapshot.
        JsonElement report = JsonReport.Parse(run.Out);
        List<JsonElement> leaks = report.Leaks();
        Assert.True(leaks.Count(l => l.Str("kind") == "churn") <= 2, $"{leaks.Count} leaks reported, at most 102 were open at exit. {run.Error}");
        if (report.Str("verdict") == "leaks")
        {
            Assert.Equal(1, code);
            Assert.Equal("open-at-exit", report.Str("ending"));
            Assert.Equal(100, leaks.Count(l => l.Str("kind") == "db-connection" && l.Int("line") == sites[0].Line));
        }
        else
        {
            Assert.Equal(2, code);
            Assert.NotEmpty(report.GetProperty("notes").EnumerateArray());
        }
    }

    [Fact]
    public async Task Monitor_TargetKilled_ReportsAnnouncedScopes_AsProcessTerminated()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        var run = new CliRun(terminal: true);

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0.2", "--refresh-interval", "0.2", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        await Eventually.TrueAsync(() => run.Out.Contains("db-connection", StringComparison.Ordinal), "the live table to show db-connection", () => monitor.IsCompleted);
        app.Process.Kill();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        string json = run.Out[run.Out.IndexOf("{\n", StringComparison.Ordinal)..];
        JsonElement report = JsonReport.Parse(json);
        Assert.Equal("process-terminated", report.Str("ending"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("without a normal exit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_AbandonedResource_IsReportedAbandoned()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "30", "--duration", "3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        var sites = app.Run("abandon");
        app.Run("gc");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement leak = Assert.Single(JsonReport.Parse(run.Out).Leaks());
        Assert.Equal("abandoned", leak.Str("state"));
        Assert.Equal("file", leak.Str("kind"));
        Assert.Equal("report.csv", leak.Str("name"));
        Assert.Equal(sites[0].Line, leak.Int("line"));
    }

    [Fact]
    public async Task Monitor_AllEvents_FindsTheSameLeaks()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--min-age", "0", "--duration", "3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        var sites = app.Run("leak 2");
        app.Run("balanced 5000");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        List<JsonElement> leaks = JsonReport.Parse(run.Out).Leaks();
        Assert.Equal(2, leaks.Count);
        Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Monitor_LiveTable_ShowsACallSitesRates_AndThenZero_OnceItGoesQuiet()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun(terminal: true);

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--refresh-interval", "0.2", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        app.Run("balanced 2000");
        await Eventually.TrueAsync(() => EnteredPerSecond(run.Out, "db-command") > 0, "the live table to show db-command entered/s", () => monitor.IsCompleted);
        // No scope is entered there any more: the runtime sends no summary for the site, and its rates must not stay as they were.
        await Eventually.TrueAsync(() => EnteredPerSecond(run.Out, "db-command") == 0, "db-command entered/s to fall to 0", () => monitor.IsCompleted);
        run.Signal.Raise();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 0, run.Error);
        // One alternate screen for the live frames, left before the final report, which is printed once.
        Assert.StartsWith(LiveTable.EnterAlternateScreen, run.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count(run.Out, "\u001b[2J"));
        Assert.Equal(1, Count(run.Out, LiveTable.LeaveAlternateScreen));
        string afterTable = run.Out[(run.Out.IndexOf(LiveTable.LeaveAlternateScreen, StringComparison.Ordinal) + LiveTable.LeaveAlternateScreen.Length)..];
        Assert.Equal("monitor", JsonReport.Parse(afterTable).Str("command"));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    /// <summary>The ENTERED/S cell of the kind's row in the last frame of the live table; 0 when the row is gone.</summary>
    private static double EnteredPerSecond(string output, string kind)
    {
        int start = output.LastIndexOf(LiveTable.FrameStart, StringComparison.Ordinal);
        if (start < 0)
        {
            return 0;
        }

        string frame = output[(start + LiveTable.FrameStart.Length)..];
        string? row = frame.Split('\n').FirstOrDefault(line => line.StartsWith(kind + " ", StringComparison.Ordinal));
        return row is null ? 0 : double.Parse(row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
