using System.ComponentModel;
using System.Runtime.CompilerServices;
using LeakScope.Registry;
using LeakScope.Testing.FakeData;
using LeakScope.Tests.Support;
using Microsoft.Win32.SafeHandles;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Registry;

/// <summary>
/// <see cref="Scope.Watch"/> on the process-wide registry, each test with its own kind: the scope ends
/// when the resource is closed by any path, per family, and when it is collected unclosed it is abandoned.
/// </summary>
public sealed class WatchTests
{
    [Fact]
    public void Watch_ReturnsTheResourceItself()
    {
        var stream = new MemoryStream();
        Assert.Same(stream, Scope.Watch(stream, "watch-same"));
        Assert.Single(OpenOf("watch-same"));
        stream.Dispose();
        Assert.Empty(OpenOf("watch-same"));
    }

    [Fact]
    public void Stream_ClosedByUsing_OrByClose_Exits()
    {
        using (Scope.Watch(new MemoryStream(), "watch-stream-using"))
        {
            Assert.Single(OpenOf("watch-stream-using"));
        }

        Stream explicitly = Scope.Watch(new MemoryStream(), "watch-stream-close");
        Assert.Single(OpenOf("watch-stream-close"));
        explicitly.Close();

        Assert.Empty(OpenOf("watch-stream-using"));
        Assert.Empty(OpenOf("watch-stream-close"));
    }

    [Fact]
    public void FileStream_ClosedByItsStreamReader_Exits()
    {
        string path = Path.GetTempFileName();
        try
        {
            var reader = new StreamReader(Scope.Watch(File.OpenRead(path), "watch-file-owner", path));
            Assert.Single(OpenOf("watch-file-owner"));

            reader.Dispose();

            Assert.Empty(OpenOf("watch-file-owner"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DataReader_ClosedByClosingItsConnection_Exits()
    {
        using var connection = new FakeConnection();
        connection.Open();
        FakeReader reader = Scope.Watch(connection.ExecuteReader(), "watch-reader-owner");
        FakeReader closedDirectly = Scope.Watch(connection.ExecuteReader(), "watch-reader-close");
        closedDirectly.Close();
        Assert.Single(OpenOf("watch-reader-owner"));

        connection.Close();

        Assert.True(reader.IsClosed);
        Assert.Empty(OpenOf("watch-reader-owner"));
        Assert.Empty(OpenOf("watch-reader-close"));
    }

    [Fact]
    public void Transaction_CommittedNeverDisposed_OrEndedByItsConnection_Exits()
    {
        using var connection = new FakeConnection();
        connection.Open();
        System.Data.Common.DbTransaction committed = Scope.Watch(connection.BeginTransaction(), "watch-tx-commit");
        committed.Commit();
        Scope.Watch(connection.BeginTransaction(), "watch-tx-owner");
        Assert.Single(OpenOf("watch-tx-owner"));

        connection.Close();

        Assert.Empty(OpenOf("watch-tx-commit"));
        Assert.Empty(OpenOf("watch-tx-owner"));
    }

    [Fact]
    public void Connection_Closing_ExitsAtOnce_WithoutASweep()
    {
        var connection = Scope.Watch(new FakeConnection(), "watch-connection");
        connection.Open();
        Assert.Single(UnsweptOpenOf("watch-connection"));

        connection.Close();
        Assert.Empty(UnsweptOpenOf("watch-connection"));

        // Opened and closed again after its scope ended: nothing more, and no redundant exit counted.
        long redundant = ScopeRuntime.Default.Registry.RedundantDisposals;
        connection.Open();
        connection.Dispose();
        Assert.Equal(redundant, ScopeRuntime.Default.Registry.RedundantDisposals);
    }

    [Fact]
    public void Connection_WatchedAtEachOpen_KeepsNoHandlerOfItsEndedScopes()
    {
        // As auto-tracking does: every Open of a long-lived connection watches it again.
        var connection = new FakeConnection();
        for (int i = 0; i < 100; i++)
        {
            connection.Open();
            Scope.Watch(connection, "watch-reopened");
            connection.Close();
        }

        Assert.Empty(OpenOf("watch-reopened"));
        Assert.Equal(0, connection.StateChangeSubscribers);
        connection.Dispose();
    }

    [Fact]
    public void Component_Disposed_ExitsAtOnce()
    {
        var component = Scope.Watch(new Component(), "watch-component");
        Assert.Single(UnsweptOpenOf("watch-component"));

        component.Dispose();

        Assert.Empty(UnsweptOpenOf("watch-component"));
    }

    [Fact]
    public void CancellationSource_WaitHandle_SafeHandle_Disposed_Exit()
    {
        string path = Path.GetTempFileName();
        try
        {
            var source = Scope.Watch(CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None), "watch-cts");
            var signal = Scope.Watch(new ManualResetEvent(false), "watch-wait-handle");
            SafeFileHandle handle = Scope.Watch(File.OpenHandle(path), "watch-safe-handle");
            Assert.Single(OpenOf("watch-cts"));
            Assert.Single(OpenOf("watch-wait-handle"));
            Assert.Single(OpenOf("watch-safe-handle"));

            source.Dispose();
            signal.Dispose();
            handle.Dispose();

            Assert.Empty(OpenOf("watch-cts"));
            Assert.Empty(OpenOf("watch-wait-handle"));
            Assert.Empty(OpenOf("watch-safe-handle"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Probes_RunOnlyForScopesOlderThanTheThreshold()
    {
        using var runtime = new TestRuntime();
        var stream = new MemoryStream();
        runtime.Registry.Watch(stream, "watch-young", null, "f.cs", 1, "M");
        stream.Dispose();

        Assert.Equal(0, runtime.Registry.SweepWatched(minAgeMs: 60_000, probe: true));
        Assert.Equal(1, runtime.OpenCount);
        Assert.Equal(1, runtime.Registry.SweepWatched(minAgeMs: 0, probe: true));
        Assert.Equal(0, runtime.OpenCount);
        GC.KeepAlive(stream);
    }

    [Fact]
    public void WatchedResource_IsNotKeptAlive()
    {
        WeakReference watched = WatchAndDrop("watch-not-kept-alive");

        for (int i = 0; i < 10 && watched.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(watched.IsAlive);
    }

    // Closed or dropped open cannot be told once a probed resource is gone: it ends, unreported.
    [Fact]
    public void ProbedResource_CollectedUnclosed_Ends_WithoutAnAbandonment()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Lifecycle | K.Names);
        WatchAndDrop("watch-collected");
        Assert.Single(OpenOf("watch-collected"));

        for (int i = 0; i < 100 && OpenOf("watch-collected").Count > 0; i++)
        {
            CollectEverything();
        }

        Assert.Empty(OpenOf("watch-collected"));
        Assert.DoesNotContain(recorder.Named("ScopeAbandoned"), e => e.Get<string>("kind") == "watch-collected");
    }

    // A probed resource closed by its owner and collected before a sweep probed it: its closing can no
    // longer be seen, so it must not be reported abandoned (a false leak), nor stay open.
    [Fact]
    public void ProbedResource_ClosedByItsOwner_ThenCollectedBeforeASweep_IsNotAbandoned()
    {
        using var runtime = new TestRuntime();
        CloseThroughOwnerAndDrop(runtime.Registry, "watch-closed-collected");
        CollectEverything();

        runtime.Registry.SweepWatched(minAgeMs: 60_000, probe: true);

        SiteCounters site = Assert.Single(runtime.Registry.ReadCounters(), c => c.Site.Kind == "watch-closed-collected");
        Assert.Equal(0, site.Abandoned);
        Assert.Equal(1, site.Exited);
    }

    // Event families and Track see every close at once, so collected while open is abandonment, exactly.
    [Fact]
    public void EventFamily_CollectedWhileOpen_IsStillAbandoned()
    {
        using var runtime = new TestRuntime();
        OpenConnectionAndDrop(runtime.Registry, "watch-connection-dropped");
        CollectEverything();

        runtime.Registry.SweepWatched(minAgeMs: 60_000, probe: true);

        SiteCounters site = Assert.Single(runtime.Registry.ReadCounters(), c => c.Site.Kind == "watch-connection-dropped");
        Assert.Equal(1, site.Abandoned);
    }

    [Fact]
    public void TypeWithNoRule_IsNotTracked_SoItsDisposeCannotBeMissed()
    {
        var resource = Scope.Watch(new Unruled(), "watch-unruled");
        Assert.Empty(OpenOf("watch-unruled"));

        resource.Dispose();

        Assert.Empty(OpenOf("watch-unruled"));
        GC.KeepAlive(resource);
    }

    [Fact]
    public void RuleOfAType_IsTheSameWhenCached_EvenWhenManyTypesShareTheCache()
    {
        // Far more types than the cache has entries, so types evict each other between the rounds.
        object[] fillers = [.. typeof(object).Assembly.GetExportedTypes()
            .Where(t => !t.ContainsGenericParameters && !t.IsByRefLike && !t.IsAbstract && t != typeof(void) && !t.IsPointer)
            .Take(300)
            .Select(t => (object)Array.CreateInstance(t, 0))];
        using var source = new CancellationTokenSource();
        using var signal = new ManualResetEvent(false);
        using var connection = new FakeConnection();
        (object Resource, WatchRule Rule)[] expected =
        [
            (new MemoryStream(), WatchRule.Stream),
            (Stream.Null, WatchRule.Unobserved),
            (new BufferedStream(new MemoryStream()), WatchRule.Stream),
            (source, WatchRule.CancellationSource),
            (signal, WatchRule.WaitHandle),
            (signal.SafeWaitHandle, WatchRule.SafeHandle),
            (connection, WatchRule.Events),
            (new Unruled(), WatchRule.Unobserved),
        ];

        for (int round = 0; round < 3; round++)
        {
            Assert.All(fillers, filler => Assert.Equal(WatchRule.Unobserved, WatchRules.Of(filler)));
            Assert.All(expected, pair => Assert.Equal(pair.Rule, WatchRules.Of(pair.Resource)));
            Assert.All(expected, pair => Assert.Equal(pair.Rule, WatchRules.Of(pair.Resource)));
        }
    }

    private static List<OpenScope> OpenOf(string kind) => [.. Scope.GetOpenScopes().Where(s => s.Kind == kind)];

    private static List<LeakScope.Registry.ScopeDescription> UnsweptOpenOf(string kind) =>
        [.. ScopeRuntime.Default.Registry.ReadOpen().Where(s => s.Site.Kind == kind)];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CloseThroughOwnerAndDrop(ScopeRegistry registry, string kind)
    {
        var stream = new MemoryStream([1, 2, 3]);
        registry.Watch(stream, kind, null, "f.cs", 1, "M");
        new StreamReader(stream).Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenConnectionAndDrop(ScopeRegistry registry, string kind)
    {
        var connection = new FakeConnection();
        connection.Open();
        registry.Watch(connection, kind, null, "f.cs", 2, "M");
    }

    private static void CollectEverything()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WatchAndDrop(string kind) => new(Scope.Watch(new MemoryStream(), kind, "dropped.csv"));

    private sealed class Unruled : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
