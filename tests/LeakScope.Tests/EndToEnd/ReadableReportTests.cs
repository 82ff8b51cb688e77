using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>What a person reads: short paths in text and Markdown, and where a report written to a file went.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReadableReportTests : IDisposable
{
    private const string LeakyFile = "tests/LeakScope.TestApp/Scenarios/LeakyConnections.cs";
    private readonly CheckRunner _check = new();

    [Fact]
    public async Task TextReports_ShowPathsRelativeToTheSourceRoot_JsonKeepsThemAbsolute()
    {
        // The tests run inside the repository: its work tree is the source root of commands run here.
        Assert.StartsWith(CheckRunner.RepositoryRoot, Environment.CurrentDirectory, StringComparison.Ordinal);
        string absolute = Path.Combine(CheckRunner.RepositoryRoot, LeakyFile);
        using TargetApp app = TargetApp.Start();
        int line = app.Run("leak 1").Single().Line;

        (int text, CliRun textRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");
        (int json, CliRun jsonRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(text == 1 && json == 1, textRun.Error + jsonRun.Error);
        Assert.Contains($"  {LeakyFile}:{line} (Leak)", textRun.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(absolute, textRun.Out, StringComparison.Ordinal);
        Assert.Equal(absolute, JsonReport.Parse(jsonRun.Out).Groups().Single().Str("file"));
    }

    [Fact]
    public void Check_SummaryAndTextReport_ShowRelativePaths_JsonKeepsThemAbsolute()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.txt"), "-o", _check.PathOf("r.json")], CheckRunner.App("leak 1;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        string absolute = Path.Combine(CheckRunner.RepositoryRoot, LeakyFile);
        Assert.Contains($"  {LeakyFile}:", tool.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(absolute, tool.Errors, StringComparison.Ordinal);
        Assert.Contains($"  {LeakyFile}:", File.ReadAllText(_check.PathOf("r.txt")), StringComparison.Ordinal);
        Assert.Equal(absolute, JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).Groups().Single().Str("file"));
    }

    [Fact]
    public async Task WithOutput_SnapshotMonitorAndReport_SayOnStderrWhereTheReportWentAndTheVerdict()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        app.Run("hold");
        string snapshot = _check.PathOf("s.json");
        string monitor = _check.PathOf("m.txt");
        string report = _check.PathOf("r.json");

        (int snapshotCode, CliRun snapshotRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "-o", snapshot);
        (int monitorCode, CliRun monitorRun) = await CliRun.RunAsync("monitor", app.Pid.ToString(), "--min-age", "0", "--duration", "1", "-o", monitor);
        (int reportCode, CliRun reportRun) = await CliRun.RunAsync("report", Path.Combine(AppContext.BaseDirectory, "Fuzz", "Recordings", "leaky.nettrace"), "-f", "json", "-o", report);

        Assert.True(snapshotCode == 1 && monitorCode == 1, snapshotRun.Error + monitorRun.Error);
        Assert.Contains($"Report written to {snapshot}: LEAKS, 2 sites", snapshotRun.Error.Split('\n'));
        Assert.Contains($"Report written to {monitor}: LEAKS, 2 sites", monitorRun.Error.Split('\n'));
        string verdict = JsonReport.Parse(File.ReadAllText(report)).Str("verdict").ToUpperInvariant();
        int sites = JsonReport.Parse(File.ReadAllText(report)).Groups().Count;
        Assert.Contains($"Report written to {report}: {verdict}, {sites} site{(sites == 1 ? string.Empty : "s")}", reportRun.Error.Split('\n'));
        Assert.True(reportCode is 1 or 2, reportRun.Error);
    }

    [Fact]
    public void WithOutput_Check_SaysOnStderrWhereEachReportWentAndTheVerdict()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json"), "-o", _check.PathOf("r.md")], CheckRunner.App("leak 1;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        string[] lines = tool.Errors.Split('\n');
        Assert.Contains($"Report written to {_check.PathOf("r.json")}: LEAKS, 1 site", lines);
        Assert.Contains($"Report written to {_check.PathOf("r.md")}: LEAKS, 1 site", lines);
    }

    public void Dispose() => _check.Dispose();
}
