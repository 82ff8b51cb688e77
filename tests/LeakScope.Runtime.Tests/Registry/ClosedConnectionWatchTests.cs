using LeakScope.Registry;
using LeakScope.Testing.FakeData;

namespace LeakScope.Tests.Registry;

/// <summary>
/// A connection closed when watched (not opened yet, or already closed or disposed) would never raise
/// its closing event: its scope starts when it opens, and never if it does not.
/// </summary>
public sealed class ClosedConnectionWatchTests
{
    [Fact]
    public void AlreadyDisposed_OrNeverOpened_IsNotOpen()
    {
        var disposed = new FakeConnection();
        disposed.Open();
        disposed.Dispose();
        using var neverOpened = new FakeConnection();

        Scope.Watch(disposed, "watch-closed-disposed");
        Scope.Watch(neverOpened, "watch-closed-never-opened");

        Assert.Empty(UnsweptOpenOf("watch-closed-disposed"));
        Assert.Empty(UnsweptOpenOf("watch-closed-never-opened"));
    }

    [Fact]
    public void OpenedAfterBeingWatched_IsOpenAtTheWatchingLine_UntilClosed()
    {
        using var connection = new FakeConnection();
        Scope.Watch(connection, "watch-opened-later", file: "f.cs", line: 4242, member: "M");
        Assert.Empty(UnsweptOpenOf("watch-opened-later"));

        connection.Open();
        ScopeDescription open = Assert.Single(UnsweptOpenOf("watch-opened-later"));
        Assert.Equal(4242, open.Site.Line);

        connection.Close();
        Assert.Empty(UnsweptOpenOf("watch-opened-later"));
        Assert.Equal(0, connection.StateChangeSubscribers);
    }

    [Fact]
    public void DisposedUnopened_LeavesNoHandler()
    {
        var connection = new FakeConnection();
        Scope.Watch(connection, "watch-disposed-unopened");
        Assert.Equal(1, connection.StateChangeSubscribers);

        connection.Dispose();

        Assert.Equal(0, connection.StateChangeSubscribers);
        Assert.Empty(UnsweptOpenOf("watch-disposed-unopened"));
    }

    private static List<ScopeDescription> UnsweptOpenOf(string kind) =>
        [.. ScopeRuntime.Default.Registry.ReadOpen().Where(s => s.Site.Kind == kind)];
}
