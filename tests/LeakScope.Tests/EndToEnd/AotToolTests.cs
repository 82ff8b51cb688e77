using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Every command of the NativeAOT tool that <c>dotnet tool install</c> gives on linux-x64, against
/// real targets: trimming that dropped what the event parsing needs would find no leaks here.
/// </summary>
[Collection(NativeAotCollection.Name)]
public sealed class AotToolTests : IDisposable
{
    private readonly CheckRunner _scratch = new();

    private static AotTool Tool => AotTool.Installed;

    [Fact]
    public void Pack_MakesThePointer_TheNativeAot_AndThePortablePackages_AndInstallInstallsTheNativeOne()
    {
        string[] packages = [.. Directory.GetFiles(Tool.Packages, "*.nupkg").Select(Path.GetFileName).Order()!];
        Assert.Equal(["LeakScope.0.1.0.nupkg", "LeakScope.any.0.1.0.nupkg", "LeakScope.linux-x64.0.1.0.nupkg"], packages);

        // A native executable, not a managed tool run by the dotnet host (whose command is leakscope.dll beside a shim).
        FileSystemInfo installed = new FileInfo(Tool.Command).ResolveLinkTarget(returnFinalTarget: true) ?? new FileInfo(Tool.Command);
        byte[] magic = new byte[4];
        using (FileStream file = File.OpenRead(installed.FullName))
        {
            file.ReadExactly(magic);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(installed.FullName)!, "leakscope.dll")), "The installed tool is the portable one.");
    }

    [Fact]
    public void Help_PrintsTheCommandsAndExitCodes()
    {
        using ChildProcess tool = Tool.Run("--help");

        Assert.Equal(0, tool.ExitCode);
        Assert.Contains("Exit codes:", tool.Output, StringComparison.Ordinal);
        Assert.Contains("monitor", tool.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFlag_PrintsOneLine_AndTheUsageHint_AndExits3()
    {
        using ChildProcess tool = Tool.Run("monitor", "--min-age", "abc", "123");

        Assert.Equal(3, tool.ExitCode);
        Assert.Equal(
            "leakscope: --min-age takes seconds (5, 0.5) or [dd:]hh:mm:ss (00:00:05), up to 365 days; not 'abc'.\nRun 'leakscope monitor --help' for usage.",
            tool.Errors);
    }

    [Fact]
    public void Ps_ListsTheTarget_ByItsAppName()
    {
        using TargetApp app = TargetApp.Start();

        using ChildProcess tool = Tool.Run("ps", "--format", "json");

        Assert.True(tool.ExitCode == 0, tool.Errors);
        JsonElement entry = Assert.Single(JsonDocument.Parse(tool.Output).RootElement.GetProperty("processes").EnumerateArray(), p => p.Int("pid") == app.Pid);
        Assert.Equal("LeakScope.TestApp", entry.Str("name"));
    }

    [Fact]
    public void Snapshot_FindsTheLeaks()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");

        using ChildProcess tool = Tool.Run("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(tool.ExitCode == 1, tool.Errors);
        JsonElement report = JsonReport.Parse(tool.Output);
        Assert.Equal("LeakScope.TestApp", report.GetProperty("target").Str("processName"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public void Monitor_FollowsTheTarget_AndReportsItsLeaks()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 3");

        using ChildProcess tool = Tool.Run("monitor", "-p", app.Pid.ToString(), "--duration", "2", "--min-age", "0", "--format", "json");

        Assert.True(tool.ExitCode == 1, tool.Errors);
        JsonElement report = JsonReport.Parse(tool.Output);
        Assert.Equal("monitor", report.Str("command"));
        Assert.Equal(3, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public void Collect_ThenReport_ReadsTheRecording_AndNamesTheProcess()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        string trace = _scratch.PathOf("run.nettrace");

        using ChildProcess collect = Tool.Run("collect", app.Pid.ToString(), "-o", trace, "--duration", "2", "--min-age", "0");
        Assert.True(collect.ExitCode == 0, collect.Errors);
        using ChildProcess report = Tool.Run("report", trace, "--min-age", "0", "--format", "json");

        Assert.True(report.ExitCode == 1, report.Errors);
        JsonElement json = JsonReport.Parse(report.Output);
        // The name comes from the runtime's ProcessInfo event, read through TraceEvent's dynamic parser (see LeakScope.csproj).
        Assert.Equal("LeakScope.TestApp", json.GetProperty("target").Str("processName"));
        Assert.Equal(2, json.Leaks().Count);
        Assert.All(json.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public void Check_FailsOnTheLeaksOfTheCommand()
    {
        string output = _scratch.PathOf("r.json");

        using ChildProcess tool = Tool.Run(["check", "--source-root", CheckRunner.RepositoryRoot, "--format", "json", "-o", output, "--", .. CheckRunner.App("leak 2;balanced 5;hold;exit")]);

        Assert.True(tool.ExitCode == 1, tool.Errors);
        JsonElement report = JsonReport.Parse(File.ReadAllText(output));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("open-at-exit", report.Str("ending"));
        Assert.Equal(3, report.Leaks().Count);
        Assert.Equal(
            ["HeldTransaction.cs", "LeakyConnections.cs"],
            report.Groups().Select(g => Path.GetFileName(g.Str("file"))).Order());
    }

    [Fact]
    public void Demo_RunsTheSampleAsANativeChild_AndFindsItsLeaks()
    {
        string sample = File.ReadAllText(Path.Combine(CheckRunner.RepositoryRoot, "samples", "LeakScope.Demo", "OrdersService.cs"));
        int connectionLine = LineOf(sample, "Scope.Enter(\"db-connection\"");
        int lockLine = LineOf(sample, "Scope.Enter(\"lock\"");

        using ChildProcess tool = Tool.Run("demo", "--duration", "3", "--format", "json");

        Assert.True(tool.ExitCode == 0, tool.Errors);
        JsonElement report = JsonReport.Parse(tool.Output);
        List<(string Kind, int Line)> groups = [.. report.Groups().Select(g => (g.Str("kind"), g.Int("line")))];
        Assert.Contains(("db-connection", connectionLine), groups);
        Assert.Contains(("lock", lockLine), groups);
    }

    public void Dispose() => _scratch.Dispose();

    private static int LineOf(string source, string text) =>
        source.Split('\n').Select((line, index) => (line, index)).Single(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;
}
