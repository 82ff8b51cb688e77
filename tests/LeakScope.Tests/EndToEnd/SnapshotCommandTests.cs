using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class SnapshotCommandTests
{
    [Fact]
    public async Task Snapshot_OnAColourTerminal_ColoursTheVerdict_AndRedirectedOutputHasNoEscape()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");

        var colour = new CliRun(terminal: true, color: true);
        var redirected = new CliRun();
        int coloured = await colour.InvokeAsync("snapshot", app.Pid.ToString(), "--min-age", "0");
        int plain = await redirected.InvokeAsync("snapshot", app.Pid.ToString(), "--min-age", "0");

        Assert.True(coloured == 1, colour.Error);
        Assert.True(plain == 1, redirected.Error);
        Assert.Contains("Verdict: \u001b[1;31mLEAKS\u001b[0m: 1 open", colour.Out, StringComparison.Ordinal);
        Assert.Contains("Verdict: LEAKS: 1 open", redirected.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', redirected.Out);
    }

    [Fact]
    public async Task Snapshot_ReportsExactlyTheScopesLeftOpen_AtTheirLines()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 3");
        app.Run("balanced 200");
        app.Run("hold");
        app.Run("release");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("snapshot", report.Str("ending"));
        Assert.Equal(app.Pid, report.GetProperty("target").Int("pid"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(3, leaks.Count);
        Assert.All(leaks, leak =>
        {
            Assert.Equal("db-connection", leak.Str("kind"));
            Assert.EndsWith("LeakyConnections.cs", leak.Str("file"), StringComparison.Ordinal);
            Assert.Equal(sites[0].Line, leak.Int("line"));
            Assert.Equal("Leak", leak.Str("member"));
            Assert.Equal("open", leak.Str("state"));
        });
        Assert.Equal(["orders-0", "orders-1", "orders-2"], leaks.Select(l => l.Str("name")).Order());
        JsonElement group = Assert.Single(report.Groups());
        Assert.Equal(3, group.Int("count"));
        Assert.Equal(sites[0].Line, group.Int("line"));
    }

    [Fact]
    public async Task Snapshot_YoungScopesAreInFlight_NotLeaks()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 2");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "3600", "--format", "json");

        Assert.Equal(0, code);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("clean", report.Str("verdict"));
        Assert.Equal(2, report.Int("inFlight"));
        Assert.Empty(report.Leaks());
    }

    [Fact]
    public async Task Snapshot_WritesTheReportToAUserOnlyFile()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        string path = Path.Combine(Path.GetTempPath(), $"leakscope-{Guid.NewGuid():N}.json");
        try
        {
            (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", path);

            Assert.True(code == 1, run.Error);
            Assert.Equal(string.Empty, run.Out);
            Assert.Single(JsonReport.Parse(File.ReadAllText(path)).Leaks());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Snapshot_TextReport_NamesTheLine()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");

        Assert.Equal(1, code);
        Assert.Contains("Verdict: LEAKS", run.Out, StringComparison.Ordinal);
        Assert.Contains($"LeakyConnections.cs:{sites[0].Line} (Leak)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_WithStacks_ShowsTheCallSitesStack()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");

        // Stacks are captured at the first enter seen while a session asks for them.
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--stacks", "--min-age", "0", "--duration", "2", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);

        app.Run("leak 1");
        Assert.Equal(1, await monitor.WaitAsync(ChildProcess.Patience));

        JsonElement group = Assert.Single(JsonReport.Parse(run.Out).Groups());
        Assert.Contains("LeakyConnections.Leak", group.Str("stack"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stacks_OfSitesEnteredBeforeTheTool_AreSaidMissing_AndCapturedFromTheStart_WithTheSwitch()
    {
        using TargetApp plain = TargetApp.Start();
        using TargetApp capturing = TargetApp.From(ChildProcess.Start(
            ChildProcess.DotnetHost,
            new Dictionary<string, string> { ["LEAKSCOPE_CAPTURE_STACKS"] = "1" },
            [Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll")]));
        plain.Run("leak 1");
        capturing.Run("leak 1");

        var withoutStack = new CliRun();
        var withStack = new CliRun();
        Assert.Equal(1, await withoutStack.InvokeAsync("snapshot", plain.Pid.ToString(), "--stacks", "--min-age", "0", "--format", "json"));
        Assert.Equal(1, await withStack.InvokeAsync("snapshot", capturing.Pid.ToString(), "--stacks", "--min-age", "0", "--format", "json"));

        JsonElement missing = JsonReport.Parse(withoutStack.Out);
        Assert.Contains(missing.GetProperty("notes").EnumerateArray(), note => note.GetString()!.StartsWith("1 call site(s) have no stack", StringComparison.Ordinal)
            && note.GetString()!.Contains("LEAKSCOPE_CAPTURE_STACKS=1", StringComparison.Ordinal));
        JsonElement captured = JsonReport.Parse(withStack.Out);
        Assert.Contains("LeakyConnections.Leak", Assert.Single(captured.Groups()).Str("stack"), StringComparison.Ordinal);
        Assert.DoesNotContain(captured.GetProperty("notes").EnumerateArray(), note => note.GetString()!.Contains("no stack", StringComparison.Ordinal));
    }
}
