using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A NativeAOT app published with EventSource off (the NativeAOT default, <see cref="AotApp"/>): it has no
/// diagnostic server, so it never connects to check's port and no session sees it. check still reports
/// its leaks, from the exit snapshot and state files its runtime writes; the commands that need a
/// session say why they cannot, in one line, with their own exit code.
/// </summary>
[Collection(NativeAotCollection.Name)]
public sealed class AotAppTests : IDisposable
{
    private readonly CheckRunner _check = new();

    private static AotApp App => AotApp.Published;

    [Fact]
    public void Check_ReportsTheLeakAtItsLine_AndTheAbandonedScope_FromTheExitSnapshot()
    {
        JsonElement report = RunCheck("exit", out ChildProcess tool);

        using (tool)
        {
            Assert.True(tool.ExitCode == 1, tool.Errors);
        }

        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("open-at-exit", report.Str("ending"));
        // The scope collected undisposed: no session saw it happen, the exit snapshot lists it.
        Assert.Equal(
            [("buffer", App.LineOf("ABANDONED"), "abandoned"), ("db-connection", App.LineOf("LEAK"), "open")],
            report.Leaks().Select(l => (l.Str("kind"), l.Int("line"), l.Str("state"))).Order());
        Assert.DoesNotContain(report.Groups(), g => g.Str("kind") == "file");
    }

    [Fact]
    public void Check_AfterASigkill_ReportsTheLeakAtItsLine_FromTheStateFile()
    {
        JsonElement report = RunCheck("kill", out ChildProcess tool);

        using (tool)
        {
            Assert.True(tool.ExitCode == 1, tool.Errors);
        }

        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("open-at-death", report.Str("ending"));
        JsonElement leak = Assert.Single(report.Leaks());
        Assert.Equal(("db-connection", App.LineOf("LEAK")), (leak.Str("kind"), leak.Int("line")));
    }

    [Fact]
    public void Check_AfterASigkill_WithAScopeAbandonedBefore_IsInconclusive_AndSaysWhy()
    {
        JsonElement report = RunCheck("kill-abandoned", out ChildProcess tool);

        using (tool)
        {
            Assert.True(tool.ExitCode == 2, tool.Errors);
        }

        Assert.Equal("inconclusive", report.Str("verdict"));
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("1 scope(s) were collected undisposed (abandoned) before the death", StringComparison.Ordinal));
        Assert.Equal(App.LineOf("LEAK"), Assert.Single(report.Leaks()).Int("line"));
    }

    [Fact]
    public async Task Snapshot_AndMonitor_SayInOneLineThatEventSourceIsOff_AndExit17()
    {
        using ChildProcess app = ChildProcess.Start(App.Executable, "wait");
        app.WaitForLine(line => line == "ready", "the app's ready line");

        foreach (string[] command in new[] { new[] { "snapshot", app.Pid.ToString() }, ["monitor", "-p", app.Pid.ToString(), "--duration", "1"] })
        {
            (int code, CliRun run) = await CliRun.RunAsync(command);

            Assert.True(code == 17, $"{command[0]}: {code}\n{run.Error}");
            string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("NativeAOT app published without EventSource support", error, StringComparison.Ordinal);
            Assert.Contains("<EventSourceSupport>true</EventSourceSupport>", error, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _check.Dispose();

    private JsonElement RunCheck(string mode, out ChildProcess tool)
    {
        string output = _check.PathOf(mode + ".json");
        tool = _check.Run(["--format", "json", "-o", output], App.Executable, mode);
        Assert.True(File.Exists(output), $"check wrote no report ({tool.ExitCode}):\n{tool.Errors}");
        return JsonReport.Parse(File.ReadAllText(output));
    }
}
