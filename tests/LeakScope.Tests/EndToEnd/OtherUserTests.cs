using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The tool run as an unprivileged user against a process of root's. Needs root to switch users
/// (CI runs as root); elsewhere there is no second user to be, and these tests only check the setup.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OtherUserTests(ReadableToolCopy tool) : IClassFixture<ReadableToolCopy>
{
    [Fact]
    public void AnotherUsersProcess_IsPermissionDenied_WithExitCode6()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        using ChildProcess run = RunAsNobody("snapshot", app.Pid.ToString());

        Assert.True(run.WaitForExit(ChildProcess.Patience));
        Assert.Equal(6, run.ExitCode);
        Assert.StartsWith($"leakscope: Permission denied attaching to LeakScope.TestApp ({app.Pid}): run leakscope as the user that owns it", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Ps_AsAnotherUser_ListsOnlyWhatItCanAttachTo()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        using ChildProcess run = RunAsNobody("ps");

        Assert.True(run.WaitForExit(ChildProcess.Patience));
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(app.Pid + " ", run.Output, StringComparison.Ordinal);
        Assert.Contains("belong to other users", run.Errors, StringComparison.Ordinal);
    }

    private ChildProcess RunAsNobody(params string[] arguments) => Nobody.StartDotnet(tool, "leakscope.dll", arguments);
}
