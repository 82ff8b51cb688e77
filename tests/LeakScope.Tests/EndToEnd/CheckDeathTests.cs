using System.Diagnostics;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Processes that die without exiting (SIGKILL, FailFast, a stack overflow) under <c>check</c>: the
/// state file their runtime kept says exactly what was open, and a process that never used LeakScope
/// is known not to have, instead of "ended before it could tell".
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckDeathTests : IDisposable
{
    private readonly CheckRunner _check = new();

    [Fact]
    public void SigkilledApp_LeaksExactlyWhatWasOpenAtDeath()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "leak 2", out int appPid);
        tool.Send("balanced 50");
        tool.WaitForLine(line => line == "ok balanced", "ok balanced");
        tool.Send("hold");
        tool.WaitForLine(line => line == "ok hold", "ok hold");

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool, expectedExitCode: 1);
        Assert.Equal("open-at-death", report.Str("ending"));
        Assert.Equal(137, report.GetProperty("invocation").Int("exitCode"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(["checkout", "orders-0", "orders-1"], leaks.Select(l => l.Str("name")).Order());
        Assert.All(leaks, leak => Assert.Equal(appPid, leak.Int("pid")));
        Assert.Contains(leaks, l => l.Str("file").EndsWith("LeakyConnections.cs", StringComparison.Ordinal) && l.Int("line") > 0);
        Assert.Contains(leaks, l => l.Str("file").EndsWith("HeldTransaction.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("failfast")]
    [InlineData("overflow")]
    public void AppDyingWithoutExitHandlers_LeaksExactlyWhatWasOpen(string death)
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "leak 1", out _);

        tool.Send(death);

        JsonElement report = Finish(tool, expectedExitCode: 1);
        Assert.Equal("open-at-death", report.Str("ending"));
        Assert.Equal("orders-0", Assert.Single(report.Leaks()).Str("name"));
    }

    [Fact]
    public void SigkilledApp_WithNothingOpen_IsClean()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "balanced 20", out int appPid);

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool, expectedExitCode: 14);
        Assert.Equal("clean", report.Str("verdict"));
        Assert.Empty(report.Leaks());
    }

    [Fact]
    public void SigkilledApp_ThatNeverUsedLeakScope_DoesNotUseIt()
    {
        using ChildProcess tool = _check.Start(["-o", _check.PathOf("r.json")], ChildProcess.DotnetHost, CheckRunner.TestApp, "--no-scopes");
        tool.WaitForLine(line => line == "ready", "the app's ready line");
        int appPid = CheckRunner.CommandPids(tool.Pid).Single();

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool, expectedExitCode: 7);
        Assert.Equal("no-leakscope", report.Str("verdict"));
        JsonElement process = Assert.Single(report.GetProperty("processes").EnumerateArray());
        Assert.False(process.GetProperty("instrumented").GetBoolean());
    }

    [Fact]
    public void SigkilledApp_ThatDroppedTheStateDirectory_IsInconclusive()
    {
        // Without the variable its runtime would keep no state file, so a missing file proves nothing.
        using ChildProcess tool = _check.Start(
            ["-o", _check.PathOf("r.json")],
            "env", "-u", "LEAKSCOPE_EXIT_SNAPSHOT_DIR", ChildProcess.DotnetHost, CheckRunner.TestApp, "--no-scopes");
        tool.WaitForLine(line => line == "ready", "the app's ready line");
        int appPid = CheckRunner.CommandPids(tool.Pid).Single();

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool, expectedExitCode: 2);
        Assert.Equal("inconclusive", report.Str("verdict"));
        Assert.Equal("not-observed", Assert.Single(report.GetProperty("processes").EnumerateArray()).Str("ending"));
    }

    public void Dispose() => _check.Dispose();

    private JsonElement Finish(ChildProcess tool, int expectedExitCode)
    {
        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not end when its app died.");
        Assert.True(expectedExitCode == tool.ExitCode, $"exit {tool.ExitCode}, expected {expectedExitCode}. Errors:\n{tool.Errors}");
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        return report;
    }
}
