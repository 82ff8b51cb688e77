using System.Runtime.CompilerServices;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Registry;

/// <summary>Tracked resources on the process-wide registry, each test with its own kind.</summary>
public sealed class AbandonedTests
{
    [Fact]
    public void TrackedResource_CollectedWithoutDispose_IsReportedAbandoned()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Lifecycle | K.Names);
        long id = TrackAndForget("test-abandoned");

        DateTime deadline = DateTime.UtcNow + EventRecorder.Patience;
        while (!recorder.Named("ScopeAbandoned").Any(e => e.IsFor(id)) && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var abandoned = recorder.WaitFor("ScopeAbandoned", e => e.IsFor(id));
        Assert.Equal("test-abandoned", abandoned.Get<string>("kind"));
        Assert.Equal("report.csv", abandoned.Get<string>("name"));
        Assert.EndsWith(nameof(AbandonedTests) + ".cs", abandoned.Get<string>("file"), StringComparison.Ordinal);
        Assert.DoesNotContain(Scope.GetOpenScopes(), s => s.Id == id);
    }

    [Fact]
    public void TrackedResource_Disposed_DisposesTheResourceAndExits()
    {
        var resource = new Resource();
        TrackedScope<Resource> tracked = Scope.Track(resource, "test-tracked", "r");
        Assert.Contains(Scope.GetOpenScopes(), s => s.Id == tracked.Id);

        tracked.Dispose();

        Assert.True(resource.Disposed);
        Assert.Same(resource, tracked.Resource);
        Assert.DoesNotContain(Scope.GetOpenScopes(), s => s.Id == tracked.Id);
    }

    [Fact]
    public async Task TrackedResource_DisposedAsync_UsesTheResourcesAsyncDispose()
    {
        var stream = new MemoryStream();
        long id;
        await using (TrackedScope<MemoryStream> tracked = Scope.Track(stream, "test-tracked-async"))
        {
            id = tracked.Id;
            await tracked.Resource.WriteAsync(new byte[] { 1 });
        }

        Assert.False(stream.CanWrite);
        Assert.DoesNotContain(Scope.GetOpenScopes(), s => s.Id == id);
    }

    [Fact]
    public void TrackedResource_KeepsItsId_OutcomeAndRedundantDisposals_InItsPackedState()
    {
        long redundant = ScopeRuntime.Default.Registry.RedundantDisposals;
        var tracked = Scope.Track(new Resource(), "test-tracked-state", "r");
        long id = tracked.Id;
        Assert.NotEqual(0, id);
        tracked.Complete();
        Assert.Contains(Scope.GetOpenScopes(), s => s.Id == id);

        tracked.Dispose();
        tracked.Dispose();

        Assert.Equal(id, tracked.Id);
        Assert.DoesNotContain(Scope.GetOpenScopes(), s => s.Id == id);
        Assert.True(ScopeRuntime.Default.Registry.RedundantDisposals >= redundant + 1);

        // The slot's next tracked scope is another wrapper's: the first one's id and exit stay its own.
        using var next = Scope.Track(new Resource(), "test-tracked-state", "r2");
        Assert.NotEqual(id, next.Id);
        tracked.Dispose();
        Assert.Contains(Scope.GetOpenScopes(), s => s.Id == next.Id);
    }

    [Fact]
    public void TrackedResource_Wrapper_Allocates32Bytes()
    {
        var resource = new Resource();
        for (int i = 0; i < 100; i++)
        {
            Scope.Track(resource, "test-tracked-bytes").Dispose();
        }

        // The fewest bytes of five rounds: the registry is shared with tests running in parallel, and a round in
        // which this thread grows one of its arrays for them (once) is not what a tracked resource costs.
        long perScope = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                Scope.Track(resource, "test-tracked-bytes").Dispose();
            }

            perScope = Math.Min(perScope, (GC.GetAllocatedBytesForCurrentThread() - before) / 1000);
        }

        Assert.True(perScope <= 32, $"{perScope} B per tracked resource");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long TrackAndForget(string kind) => Scope.Track(new Resource(), kind, "report.csv").Id;

    private sealed class Resource : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
