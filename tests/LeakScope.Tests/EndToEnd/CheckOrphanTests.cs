using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>check is the subreaper of what its command starts: what it adopts, it must also reap and account for.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckOrphanTests : IDisposable
{
    private readonly CheckRunner _check = new();

    // Each "(true &)" leaves a process whose parent subshell is gone: it is re-parented to check and ends at once.
    // Unreaped, each would hold a pid until check exits: a long command starting orphans by the thousand exhausts them.
    [Fact]
    public async Task OrphansThatEnd_WhileTheCommandRuns_AreReaped_NotLeftAsZombiesBelowCheck()
    {
        const string Script = "i=0; while [ $i -lt 200 ]; do (true &); i=$((i+1)); done; echo orphans; read line";
        using ChildProcess tool = _check.Start([], "sh", "-c", Script);
        tool.WaitForLine(l => l == "orphans", "the orphans to be started");
        await Eventually.TrueAsync(() => ZombieChildren(tool.Pid) == 0, "check to reap the orphans it adopted", () => tool.HasExited);
        tool.Send("done");
        Assert.True(tool.WaitForExit(ChildProcess.Patience), tool.Errors);
        Assert.True(tool.ExitCode == 13, tool.Errors);
    }

    // The app is clean; the subshell it leaves behind starts a leaking app only once check has ended (the marker).
    // check cannot see that one, so it must not call the run clean while the subshell, which carries its port, runs.
    [Fact]
    public async Task ProcessCarryingThePort_StillRunningWhenCheckEnds_MakesTheRunInconclusive_NeverClean()
    {
        string marker = _check.PathOf("go");
        const string Script = "\"$0\" \"$1\" --script 'balanced 3;exit' || exit 1;"
            + " (while [ ! -e \"$2\" ]; do sleep 0.1; done; exec \"$0\" \"$1\" --script 'leak 2;exit') </dev/null >/dev/null 2>&1 &"
            + " echo \"subshell $!\"; exit 0";
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], "sh", "-c", Script, ChildProcess.DotnetHost, CheckRunner.TestApp, marker);
        int subshell = int.Parse(tool.Output.Split('\n').Single(l => l.StartsWith("subshell ", StringComparison.Ordinal))["subshell ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.True(tool.ExitCode == 2, tool.Errors);
            string json = File.ReadAllText(_check.PathOf("r.json"));
            Assert.Equal("inconclusive", JsonReport.Parse(json).Str("verdict"));
            Assert.Contains($"({subshell})", json, StringComparison.Ordinal);
        }
        finally
        {
            // The late app connects to the port keeper, which resumes it: it leaks, exits, and nothing is left behind.
            File.WriteAllText(marker, string.Empty);
            await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{subshell}") || IsZombie(subshell), "the late app to be resumed by the port keeper and end");
        }
    }

    private static int ZombieChildren(int pid) => CheckRunner.ChildPids(pid).Count(IsZombie);

    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _check.Dispose();
    }
}
