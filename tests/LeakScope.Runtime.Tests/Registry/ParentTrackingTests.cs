using System.Diagnostics.Tracing;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Registry;

public sealed class ParentTrackingTests
{
    [Fact]
    public async Task Parent_IsTheInnermostScopeOpenOnTheSameAsyncFlow()
    {
        using var runtime = new TestRuntime(trackParents: true);
        ScopeHandle request = runtime.Enter("request", "GET /orders");

        await Task.Yield();
        ScopeHandle connection = runtime.Enter("db-connection");
        ScopeHandle command = runtime.Enter("db-command");
        Assert.Equal(request.Id, ParentIn(runtime, connection.Id));
        Assert.Equal(connection.Id, ParentIn(runtime, command.Id));
        command.Dispose();
        ScopeHandle sibling = runtime.Enter("db-command");
        Assert.Equal(connection.Id, ParentIn(runtime, sibling.Id));
        sibling.Dispose();
        connection.Dispose();
        request.Dispose();

        var parents = new Dictionary<long, long>();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);
        ScopeHandle outer = runtime.Enter("request");
        await Task.Run(async () =>
        {
            await Task.Yield();
            using ScopeHandle inner = runtime.Enter("db-connection");
            parents[inner.Id] = ParentOf(recorder, inner.Id);
        });
        outer.Dispose();

        Assert.Equal(outer.Id, Assert.Single(parents).Value);
    }

    [Fact]
    public async Task ConcurrentChildren_DoNotBecomeEachOthersParents()
    {
        using var runtime = new TestRuntime(trackParents: true);
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);
        ScopeHandle outer = runtime.Enter("request");
        using var bothOpen = new Barrier(2);

        async Task<long> Child()
        {
            await Task.Yield();
            using ScopeHandle child = runtime.Enter("db-connection");
            bothOpen.SignalAndWait(EventRecorder.Patience);
            return child.Id;
        }

        long[] children = await Task.WhenAll(Task.Run(Child), Task.Run(Child));
        ScopeHandle after = runtime.Enter("after");
        outer.Dispose();
        after.Dispose();

        Assert.All(children, id => Assert.Equal(outer.Id, ParentOf(recorder, id)));
        Assert.Equal(outer.Id, ParentOf(recorder, after.Id));
    }

    [Fact]
    public void Parent_SkipsScopesThatHaveExited()
    {
        using var runtime = new TestRuntime(trackParents: true);
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);
        ScopeHandle outer = runtime.Enter("outer");
        ScopeHandle middle = runtime.Enter("middle");
        ScopeHandle copy = middle;
        copy.Dispose();
        ScopeHandle inner = runtime.Enter("inner");

        Assert.Equal(outer.Id, ParentOf(recorder, inner.Id));
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void ParentsKeyword_TurnsTrackingOnForASession()
    {
        using var runtime = new TestRuntime();
        ScopeHandle untracked = runtime.Enter("outer");
        ScopeHandle untrackedChild = runtime.Enter("inner");
        Assert.Equal(0, runtime.Registry.ReadOpen().Single(s => s.Id == untrackedChild.Id).ParentId);
        untrackedChild.Dispose();
        untracked.Dispose();

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Parents);
        ScopeHandle outer = runtime.Enter("outer");
        ScopeHandle inner = runtime.Enter("inner");

        Assert.Equal(outer.Id, ParentOf(recorder, inner.Id));
        inner.Dispose();
        outer.Dispose();
    }

    [Theory]
    [InlineData((int)NameMode.Plain, 256)]
    [InlineData((int)NameMode.Plain, NameFormatter.MaxNameLength)]
    [InlineData((int)NameMode.Hash, 256)]
    [InlineData((int)NameMode.Omit, 256)]
    public void ParentLink_KeepsALongNameCut_ButWritesItAsTheWholeName(int modeValue, int maxLength)
    {
        var mode = (NameMode)modeValue;
        // Links outlive their scopes: a 100,000-character parent name must not be kept whole, yet be written as it would be.
        string name = "x\ud83d\ude00" + new string('n', 100_000) + "tail";
        var link = new LeakScope.Registry.ParentLink(1, null!, LeakScope.Registry.ParentName.Of(name), null);

        Assert.Equal(NameFormatter.Format(name, mode, maxLength), link.FormatName(mode, maxLength));
        Assert.InRange(link.Name!.Length, 1, NameFormatter.MaxNameLength + 1);
    }

    private static long ParentIn(TestRuntime runtime, long scopeId) =>
        runtime.Registry.ReadOpen().Single(s => s.Id == scopeId).ParentId;

    private static long ParentOf(EventRecorder recorder, long scopeId) =>
        recorder.WaitForRecord(ScopeRecordKind.Entered, scopeId).ParentId;
}
