using LeakScope.Cli.Check;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damaged exit snapshot files through <see cref="ExitSnapshotReader"/>: each is either read whole,
/// still listing leaks, or refused with a problem (which makes the check inconclusive), never thrown.
/// </summary>
public sealed class ExitSnapshotFuzzTests : IDisposable
{
    private const int Seed = 0xE817;
    private const int Cases = 2000;
    private const int Pid = 4242;

    /// <summary>What the runtime writes at exit with two connections open (docs/events.md).</summary>
    private const string LeakySnapshot = """
        {"version":1,"pid":4242,"writtenAt":"2026-11-21T08:00:10.5Z","reason":"exit","scopes":[
        {"id":1025,"kind":"db-connection","name":"orders-0","file":"/src/Orders/Repository.cs","line":46,"member":"HandleOrder","threadId":12,"parentId":0,"enteredAt":"2026-11-21T07:59:58.12Z"},
        {"id":1026,"kind":"db-connection","name":"orders-1","file":"/src/Orders/Repository.cs","line":46,"member":"HandleOrder","threadId":12,"parentId":1025,"enteredAt":"2026-11-21T07:59:58.13Z","stack":"at Orders.Repository.HandleOrder()"}],
        "abandoned":[{"id":1030,"kind":"file","name":"a.txt","file":"/src/Orders/Files.cs","line":9,"member":"Load","threadId":12,"parentId":0,"enteredAt":"2026-11-21T07:59:58.2Z","abandonedAt":"2026-11-21T07:59:59Z"}],
        "abandonedSites":[{"kind":"file","file":"/src/Orders/Files.cs","line":9,"member":"Load","abandoned":3}]}
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-fuzz-exit-");

    [Fact]
    public void TheSnapshot_ListsItsLeaks()
    {
        (bool read, ScopeTracker tracker, string? problem) = Apply(System.Text.Encoding.UTF8.GetBytes(LeakySnapshot));

        Assert.True(read, problem);
        Assert.Equal(2, tracker.OpenScopes(onlyOpenAtExit: true).Count);
        Assert.Equal(1030, Assert.Single(tracker.Abandoned).Id);
        Assert.Equal(2, Assert.Single(tracker.CountOnlyAbandoned()).Value);
    }

    [Fact]
    public void DamagedSnapshots_AreReadWithLeaks_OrRefusedWithAProblem()
    {
        var mutator = new JsonMutator(Seed);
        for (int i = 0; i < Cases; i++)
        {
            byte[] damaged = mutator.Mutate(LeakySnapshot, out string mutation);
            string what = $"seed {Seed:X} case {i} ({mutation})";

            (bool read, ScopeTracker tracker, string? problem) = FuzzCase.Run(what, () => Apply(damaged));

            if (read)
            {
                Assert.True(tracker.ExitSnapshotCompleted, what);
                Assert.True(tracker.OpenScopes(onlyOpenAtExit: true).Count > 0, $"{what}: read as a snapshot without leaks");
            }
            else
            {
                Assert.True(problem is not null, $"{what}: an existing file refused without a problem");
            }
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private (bool Read, ScopeTracker Tracker, string? Problem) Apply(byte[] file)
    {
        File.WriteAllBytes(Path.Combine(_directory.FullName, $"{Pid}.exit.json"), file);
        var tracker = new ScopeTracker("n");
        bool read = ExitSnapshotReader.TryApply(_directory.FullName, Pid, tracker, out _, out string? problem);
        return (read, tracker, problem);
    }
}
