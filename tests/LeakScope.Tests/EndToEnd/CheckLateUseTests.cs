using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>A process still running is never "does not use LeakScope": its first scope may come late.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckLateUseTests : IDisposable
{
    private readonly CheckRunner _check = new();

    [Fact]
    public void GrandchildUsingLeakScopeLate_AfterItsParentExited_IsWaitedFor_AndItsLeaksFound()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], CheckRunner.App("spawn-lazy 3000;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        int grandchild = int.Parse(tool.Output.Split('\n').Single(l => l.StartsWith("spawned ", StringComparison.Ordinal))["spawned ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(grandchild, l.Int("pid")));
    }

    // The shell exits at once; its subshell starts the app half a second later, re-parented away from the command.
    [Fact]
    public void GrandchildStartedAsItsParentExits_BeforeItConnects_IsWaitedFor_AndItsLeaksFound()
    {
        const string Script = "(sleep 0.5; exec \"$0\" \"$1\" --script 'leak 2;exit') & exit 0";
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], "sh", "-c", Script, ChildProcess.DotnetHost, CheckRunner.TestApp);

        Assert.True(tool.ExitCode == 1, tool.Errors);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(2, report.Leaks().Count);
    }

    // The test harness reads the tool's output to its end, which the grandchild holds open until it exits (8 s).
    [Fact]
    public void GrandchildStillUnanswered_AtTheChildTimeout_IsInconclusive_NeverClean()
    {
        using ChildProcess tool = _check.Run(["--child-timeout", "1", "-o", _check.PathOf("r.json")], CheckRunner.App("spawn-lazy 8000;exit"));
        try
        {
            Assert.True(tool.ExitCode == 2, tool.Errors);
            string json = File.ReadAllText(_check.PathOf("r.json"));
            Assert.Equal("inconclusive", JsonReport.Parse(json).Str("verdict"));
            Assert.Contains("without having used LeakScope yet", json, StringComparison.Ordinal);
        }
        finally
        {
            KillSpawned(tool);
        }
    }

    private static void KillSpawned(ChildProcess tool)
    {
        foreach (string line in tool.Output.Split('\n').Where(l => l.StartsWith("spawned ", StringComparison.Ordinal)))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(int.Parse(line["spawned ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public void Dispose()
    {
        _check.Dispose();
    }
}
