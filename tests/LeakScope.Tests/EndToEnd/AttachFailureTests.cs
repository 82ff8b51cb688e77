using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AttachFailureTests
{
    [Fact]
    public async Task WrongPid_IsOneLine_AndExitCode4()
    {
        (int code, CliRun run) = await CliRun.RunAsync("snapshot", int.MaxValue.ToString());

        Assert.Equal(4, code);
        Assert.Equal($"leakscope: No process with id {int.MaxValue} is running.", run.Error.Trim());
    }

    [Fact]
    public async Task NonDotnetProcess_IsOneLine_AndExitCode5()
    {
        using ChildProcess sleeper = ChildProcess.Start("sleep", "120");

        (int code, CliRun run) = await CliRun.RunAsync("monitor", sleeper.Pid.ToString());

        Assert.Equal(5, code);
        string line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("not a .NET process", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessWithoutLeakScope_TimesOut_WithExitCode7()
    {
        using TargetApp app = TargetApp.Start("--no-scopes");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--attach-timeout", "2");

        Assert.Equal(7, code);
        Assert.Contains("does not use LeakScope.Runtime", Assert.Single(run.Error.Trim().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_FindsTheProcess()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", "--name", "NoSuchProcessName");

        Assert.Equal(4, code);
        Assert.Contains("No .NET process named 'NoSuchProcessName'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ps_ListsTheTestApp()
    {
        using TargetApp app = TargetApp.Start();

        (int code, CliRun run) = await CliRun.RunAsync("ps");

        Assert.Equal(0, code);
        Assert.Contains(run.Out.Split('\n'), line => line.TrimStart().StartsWith(app.Pid + " ", StringComparison.Ordinal) && line.Contains("LeakScope.TestApp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppedProcess_TimesOut_WithExitCode9()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        UnixSignal.Send("STOP", app.Pid);
        try
        {
            (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString()).WaitAsync(ChildProcess.Patience);

            Assert.Equal(9, code);
            Assert.Contains("did not respond", Assert.Single(run.Error.Trim().Split('\n')), StringComparison.Ordinal);
        }
        finally
        {
            UnixSignal.Send("CONT", app.Pid);
        }
    }
}
