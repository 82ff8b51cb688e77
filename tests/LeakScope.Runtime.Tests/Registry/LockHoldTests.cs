namespace LeakScope.Tests.Registry;

/// <summary>
/// What auto-tracked semaphore locks call (<see cref="AutoTrack.Held(SemaphoreSlim, string?, string, int, string)"/>
/// and <see cref="AutoTrack.Released"/>): each thread remembers the holds it used last, and a release on
/// another thread, or of another semaphore, must still end the right hold.
/// </summary>
public sealed class LockHoldTests
{
    private const string File = "LockHoldTests.cs";

    [Fact]
    public void HoldTakenOnOneThread_IsEnded_ByAReleaseOnAnother()
    {
        var gate = new SemaphoreSlim(1, 1);
        var other = new SemaphoreSlim(1, 1);
        gate.Wait();
        AutoTrack.Held(gate, "held-here-released-there", File, 10, "Work");
        Assert.Single(OpenNamed("held-here-released-there"));

        // The releasing thread last used another semaphore: its remembered holds are not gate's.
        var releaser = new Thread(() =>
        {
            other.Wait();
            AutoTrack.Held(other, "other-lock", File, 20, "Other");
            AutoTrack.Released(other.Release(), other, 1, File, "Other");
            AutoTrack.Released(gate.Release(), gate, 1, File, "Work");
        });
        releaser.Start();
        releaser.Join();

        Assert.Empty(OpenNamed("held-here-released-there"));
        Assert.Empty(OpenNamed("other-lock"));
    }

    [Fact]
    public void InterleavedSemaphores_OnOneThread_EachReleaseEndsItsOwnHold()
    {
        var first = new SemaphoreSlim(1, 1);
        var second = new SemaphoreSlim(1, 1);
        AutoTrack.Held(first, "interleaved-first", File, 30, "Work");
        AutoTrack.Held(second, "interleaved-second", File, 31, "Work");

        AutoTrack.Released(0, first, 1, File, "Work");

        Assert.Empty(OpenNamed("interleaved-first"));
        Assert.Single(OpenNamed("interleaved-second"));
        AutoTrack.Released(0, second, 1, File, "Work");
        Assert.Empty(OpenNamed("interleaved-second"));
    }

    [Fact]
    public void Release_EndsTheLatestHoldOfItsOwnMember_ElseTheLatest()
    {
        var gate = new SemaphoreSlim(3, 3);
        AutoTrack.Held(gate, "member-rule-a", File, 40, "A");
        AutoTrack.Held(gate, "member-rule-b", File, 41, "B");
        AutoTrack.Held(gate, "member-rule-c", File, 42, "C");

        AutoTrack.Released(0, gate, 1, File, "A");
        Assert.Empty(OpenNamed("member-rule-a"));

        AutoTrack.Released(0, gate, 1, File, "Elsewhere");
        Assert.Empty(OpenNamed("member-rule-c"));
        Assert.Single(OpenNamed("member-rule-b"));

        AutoTrack.Released(0, gate, 2, File, "Elsewhere");
        Assert.Empty(OpenNamed("member-rule-b"));
    }

    private static List<OpenScope> OpenNamed(string name) =>
        Scope.GetOpenScopes().Where(scope => scope.Name == name).ToList();
}
