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
    private static readonly Lazy<string> s_restore = new(RestoreTools);
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
        Assert.Equal(string.Empty, s_restore.Value);
        string trace = Path.Combine(_directory.FullName, "recording.nettrace");
        using ChildProcess tool = ChildProcess.Start(
            "sh",
            "-c",
            "cd \"$0\" && exec dotnet tool run dotnet-trace -- \"$@\"",
            CheckRunner.RepositoryRoot,
            "collect",
            "-p",
            pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--providers",
            providers,
            "-o",
            trace,
            "--duration",
            "00:00:00:03");
        tool.CloseInput();
        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"dotnet-trace did not end. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.True(tool.ExitCode == 0, $"dotnet-trace failed. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.True(File.Exists(trace), tool.Output);
        return trace;
    }

    /// <summary>Restores the repository's local tools once per run; the failure's output, or empty.</summary>
    private static string RestoreTools()
    {
        using ChildProcess restore = ChildProcess.Start("sh", "-c", "cd \"$0\" && exec dotnet tool restore", CheckRunner.RepositoryRoot);
        restore.CloseInput();
        if (!restore.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            return "dotnet tool restore did not end within 5 minutes";
        }

        return restore.ExitCode == 0 ? string.Empty : $"dotnet tool restore failed:\n{restore.Output}\n{restore.Errors}";
    }
}
