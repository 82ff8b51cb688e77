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
