using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Another local user plants a socket under the target's diagnostic-socket name (issue 8): the
/// tool must refuse it rather than talk to it. Planting as a second user needs root; elsewhere
/// these tests return early.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ForeignSocketTests(ReadableToolCopy readableCopy) : IClassFixture<ReadableToolCopy>
{
    [Theory]
    [InlineData("silent")]
    [InlineData("garbage")]
    public void Snapshot_WithAnotherUsersSocketForThePid_IsRefused_WithExitCode16(string behaviour)
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        using PlantedSocket planted = PlantedSocket.Plant(readableCopy, app.Pid, behaviour);

        using ChildProcess run = ChildProcess.StartDotnet("leakscope.dll", "snapshot", app.Pid.ToString());

        Assert.True(run.WaitForExit(ChildProcess.Patience), "snapshot did not finish.");
        Assert.True(run.ExitCode == 16, $"Exit code {run.ExitCode}, not 16. Errors:\n{run.Errors}");
        string line = Assert.Single(run.Errors.Trim().Split('\n'));
        Assert.StartsWith("leakscope: ", line, StringComparison.Ordinal);
        Assert.Contains(planted.Path, line, StringComparison.Ordinal);
        Assert.Contains($"uid {Nobody.Uid}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherUsersFileThatNobodyListensOn_IsIgnored_BesideTheTargetsOwnSocket()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        using StaleFile stale = StaleFile.CreateAsNobody(app.Pid);

        using ChildProcess run = ChildProcess.StartDotnet("leakscope.dll", "snapshot", app.Pid.ToString(), "--min-age", "0");

        Assert.True(run.WaitForExit(ChildProcess.Patience), "snapshot did not finish.");
        Assert.True(run.ExitCode == 1, $"Exit code {run.ExitCode}, not 1 (leaks found). Errors:\n{run.Errors}");
    }

    [Fact]
    public void AnotherUsersFileThatNobodyListensOn_IsRefused_WhenTheProcessHasNoSocketOfItsOwn()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using ChildProcess sleeper = ChildProcess.Start("sleep", "300");
        using StaleFile stale = StaleFile.CreateAsNobody(sleeper.Pid);

        using ChildProcess run = ChildProcess.StartDotnet("leakscope.dll", "snapshot", sleeper.Pid.ToString());

        Assert.True(run.WaitForExit(ChildProcess.Patience), "snapshot did not finish.");
        Assert.True(run.ExitCode == 16, $"Exit code {run.ExitCode}, not 16. Errors:\n{run.Errors}");
        // Not the path: a leftover of nobody's with this reused pid may be named instead.
        Assert.Contains($"belongs to uid {Nobody.Uid} (no listener answered)", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ps_DoesNotList_APidWhoseOnlySocketIsAnotherUsers()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using ChildProcess sleeper = ChildProcess.Start("sleep", "300");
        using PlantedSocket planted = PlantedSocket.Plant(readableCopy, sleeper.Pid, "silent");

        (int code, CliRun run) = await CliRun.RunAsync("ps");

        Assert.Equal(0, code);
        Assert.DoesNotContain(run.Out.Split('\n'), line => line.TrimStart().StartsWith(sleeper.Pid + " ", StringComparison.Ordinal));
        Assert.Contains("another user", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ps_AndSnapshot_StillWork_ForTheTargetsOwnSocket()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");

        (int psCode, CliRun ps) = await CliRun.RunAsync("ps");
        (int snapshotCode, CliRun snapshot) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");

        Assert.Equal(0, psCode);
        Assert.Contains(ps.Out.Split('\n'), line => line.TrimStart().StartsWith(app.Pid + " ", StringComparison.Ordinal));
        Assert.True(snapshotCode == 1, $"Exit code {snapshotCode}, not 1 (leaks found). Errors:\n{snapshot.Error}");
    }
}
