using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The README's recipe for recording with the real dotnet-trace global tool (pinned in
/// .config/dotnet-tools.json), and the recipe users typed before, which records no LeakScope event.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DotnetTraceRecipeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-dotnet-trace-");

    [Fact]
    public async Task RecordedWithTheReadmeRecipe_ReportsTheLeaks()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 5");
        string trace = Record(app.Pid, "LeakScope:0x25");

        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--format", "json");

        Assert.True(code == 1, report.Error);
        List<JsonElement> leaks = JsonReport.Parse(report.Out).Leaks();
        Assert.Equal(5, leaks.Count);
        Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task RecordedWithoutKeywords_IsInconclusive_NeverClean()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 5");
        string trace = Record(app.Pid, "LeakScope");

        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--format", "json");

        Assert.True(code == 2, report.Error);
        JsonElement json = JsonReport.Parse(report.Out);
        Assert.Equal("inconclusive", json.Str("verdict"));
        Assert.Contains("no LeakScope event", report.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private string Record(int pid, string providers)
    {
        string trace = Path.Combine(_directory.FullName, "recording.nettrace");
        using ChildProcess tool = DotnetTraceTool.Start(pid, providers, trace, TimeSpan.FromSeconds(3));
        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"dotnet-trace did not end. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.True(tool.ExitCode == 0, $"dotnet-trace failed. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.True(File.Exists(trace), tool.Output);
        return trace;
    }
}
