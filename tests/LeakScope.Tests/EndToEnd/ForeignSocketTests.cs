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
    public void Snapshot_WithAnotherUsersFileThatNobodyListensOn_IsRefused_WithExitCode16()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        string stale = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{app.Pid}-999999999-socket");
        try
        {
            using (ChildProcess touch = ChildProcess.Start("runuser", "-u", "nobody", "--", "touch", stale))
            {
                Assert.True(touch.WaitForExit(ChildProcess.Patience) && touch.ExitCode == 0, $"touch as nobody failed: {touch.Errors}");
            }

            using ChildProcess run = ChildProcess.StartDotnet("leakscope.dll", "snapshot", app.Pid.ToString());

            Assert.True(run.WaitForExit(ChildProcess.Patience), "snapshot did not finish.");
            Assert.True(run.ExitCode == 16, $"Exit code {run.ExitCode}, not 16. Errors:\n{run.Errors}");
            Assert.Contains($"belongs to uid {Nobody.Uid} (no listener answered)", run.Errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(stale);
        }
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
