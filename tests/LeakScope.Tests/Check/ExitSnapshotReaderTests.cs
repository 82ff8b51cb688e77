using LeakScope.Cli.Check;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Check;

public sealed class ExitSnapshotReaderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-exit-read-");

    [Fact]
    public void ACrashFile_ListsItsScopes_AndSaysWhatEndedTheProcess()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "42.exit.json"), """
            {"version":1,"pid":42,"writtenAt":"2026-11-21T08:00:10Z","reason":"unhandled-exception","cause":"System.InvalidOperationException",
             "scopes":[{"id":7,"kind":"lock","name":"cache","file":"/src/Cache.cs","line":12,"member":"Refresh","threadId":3,"parentId":0,"enteredAt":"2026-11-21T08:00:09Z"}]}
            """);
        var tracker = new ScopeTracker("n");

        Assert.True(ExitSnapshotReader.TryApply(_directory.FullName, 42, tracker, out var abruptEnd, out string? problem));

        Assert.Null(problem);
        Assert.Equal(("unhandled-exception", "System.InvalidOperationException"), abruptEnd);
        Assert.True(tracker.ExitSnapshotCompleted);
        KnownOpenScope scope = Assert.Single(tracker.OpenScopes(onlyOpenAtExit: true));
        Assert.Equal((7L, "lock", "/src/Cache.cs", 12), (scope.Id, scope.Site.Kind, scope.Site.File, scope.Site.Line));
    }

    [Fact]
    public void ACorruptFile_IsAProblem_NotAnEmptySnapshot()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "42.exit.json"), "{\"version\":1,\"scopes\":[{\"id\":");
        var tracker = new ScopeTracker("n");

        Assert.False(ExitSnapshotReader.TryApply(_directory.FullName, 42, tracker, out _, out string? problem));

        Assert.StartsWith("Its exit snapshot file could not be read", problem, StringComparison.Ordinal);
        Assert.False(tracker.ExitSnapshotCompleted);
    }

    [Fact]
    public void NoFile_IsNoSnapshot()
    {
        Assert.False(ExitSnapshotReader.TryApply(_directory.FullName, 42, new ScopeTracker("n"), out _, out string? problem));
        Assert.Null(problem);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
