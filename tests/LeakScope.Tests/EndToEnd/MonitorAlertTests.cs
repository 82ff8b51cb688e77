using System.Diagnostics;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// monitor's alert conditions on real targets: --fail-on growing fires on a steady leak within the
/// window the README promises and never on a pool that returns to its base; --max-open and --max-age
/// stop it as soon as they hold; the report says which condition fired.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MonitorAlertTests
{
    // A short window keeps the tests short; six samples a third at this refresh.
    private const double Window = 3;
    private const double Refresh = 0.25;

    [Fact]
    public async Task FailOnGrowing_ExitsWithTheLeakCode_OnceAWholeWindowShowsASteadyLeak()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--fail-on", "growing", "--growth-window", Text(Window), "--refresh-interval", Text(Refresh), "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        var clock = Stopwatch.StartNew();
        var sites = app.Run("trend-grow 50");
        int code = await monitor.WaitAsync(ChildProcess.Patience);
        TimeSpan firedAfter = clock.Elapsed;

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        JsonElement alert = report.GetProperty("alert");
        Assert.Equal("growing", alert.Str("condition"));
        Assert.Equal(sites[0].Line, alert.Int("line"));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("stopped", report.Str("ending"));
        Assert.StartsWith("Alert growing: ", report.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);

        // Never before a whole window of the leak was seen; within the window and two refreshes of
        // it, given slack for a loaded machine (the README's promise is checked here loosely).
        Assert.True(firedAfter >= TimeSpan.FromSeconds(Window), $"fired after {firedAfter.TotalSeconds:0.0} s, before a whole {Window} s window");
        Assert.True(firedAfter < TimeSpan.FromSeconds(Window + 20), $"fired after {firedAfter.TotalSeconds:0.0} s");
        JsonElement site = report.GetProperty("sites").EnumerateArray().Single(s => s.Int("line") == sites[0].Line);
        Assert.True(site.GetProperty("growing").GetBoolean());
        Assert.True(site.GetProperty("slopePerMinute").GetDouble() > 60, site.ToString());
        Assert.Equal(site.GetProperty("open").GetInt64(), site.GetProperty("ages").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task FailOnGrowing_NeverFires_OnASawtoothPool_OrAFlatSite()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 5");

        // A cycle of at least 0.5 s (longer on a loaded machine) sampled every 0.1 s: every cycle
        // has a sample in its first fifth, at 2 open or fewer, and every third of the window holds
        // two cycles or more. Summaries are point samples, so a pool must cycle over several
        // refresh intervals to have its base seen (README, 'Alerts').
        var sites = app.Run("sawtooth 50 10");
        var run = new CliRun();

        // Four whole windows: long enough for a growing site to have fired several times over.
        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--fail-on", "growing", "--growth-window", "4", "--refresh-interval", "0.1", "--duration", "16", "--format", "json");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        // The five held connections are leaks (exit 1 for them), but nothing is growing.
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.False(report.TryGetProperty("alert", out _), run.Out);
        Assert.True(code == 1, run.Error);
        Assert.Equal(5, report.Leaks().Count);
        JsonElement pool = report.GetProperty("sites").EnumerateArray().Single(s => s.Int("line") == sites[0].Line);
        Assert.False(pool.GetProperty("growing").GetBoolean());
        Assert.True(pool.GetProperty("sampledSeconds").GetDouble() >= 12, pool.ToString());
        Assert.All(report.GetProperty("sites").EnumerateArray(), s => Assert.False(s.GetProperty("growing").GetBoolean()));
    }

    [Fact]
    public async Task MaxOpen_BySite_ExitsAsSoonAsTheSiteHasMoreOpen_WhileAKindUnderItsLimitDoesNot()
    {
        using TargetApp app = TargetApp.Start();
        var run = new CliRun();
        var sites = app.Run("leak 2");

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "60", "--refresh-interval", Text(Refresh), "--max-open", "db-connection=100", "--max-open", $"{sites[0].File}:{sites[0].Line}=3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        await Task.Delay(TimeSpan.FromSeconds(4 * Refresh));
        Assert.False(monitor.IsCompleted, "fired with 2 open, under 3: " + run.Error);
        app.Run("leak 2");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        JsonElement alert = report.GetProperty("alert");
        Assert.Equal("max-open", alert.Str("condition"));
        Assert.Contains("4 scopes open at LeakyConnections.cs:", alert.Str("detail"), StringComparison.Ordinal);

        // Young scopes (under --min-age 60 s) are no leaks, yet the limit counted them: the verdict says the condition held.
        Assert.Empty(report.Leaks());
        Assert.Equal("leaks", report.Str("verdict"));
    }

    [Fact]
    public async Task MaxOpen_ByKind_SumsItsSites()
    {
        using TargetApp app = TargetApp.Start();
        var run = new CliRun();
        app.Run("leak 3");

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--refresh-interval", Text(Refresh), "--max-open", "db-connection=2", "--format", "json");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        JsonElement alert = JsonReport.Parse(run.Out).GetProperty("alert");
        Assert.Equal("max-open", alert.Str("condition"));
        Assert.Contains("3 scopes open of kind db-connection", alert.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxAge_ExitsOnceAScopeIsOlder_NotBefore()
    {
        using TargetApp app = TargetApp.Start();
        var run = new CliRun();
        var clock = Stopwatch.StartNew();
        var sites = app.Run("hold");

        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0.5", "--refresh-interval", Text(Refresh), "--max-age", "3", "--format", "json");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"fired after {clock.Elapsed.TotalSeconds:0.0} s, the scope younger than --max-age");
        JsonElement report = JsonReport.Parse(run.Out);
        JsonElement alert = report.GetProperty("alert");
        Assert.Equal("max-age", alert.Str("condition"));
        Assert.Equal(sites[0].Line, alert.Int("line"));
        Assert.Equal("checkout", report.Leaks().Single().Str("name"));
    }

    private static string Text(double seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
