using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

public sealed class ScopeEventSourceTests
{
    [Fact]
    public void Manifest_IsValidInStrictMode()
    {
        string? manifest = EventSource.GenerateManifest(typeof(ScopeEventSource), assemblyPathToIncludeInManifest: null, EventManifestOptions.Strict);
        Assert.NotNull(manifest);
        Assert.Contains("name=\"LeakScope\"", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderNameAndGuid_ArePinned()
    {
        Assert.Equal("LeakScope", EventSource.GetName(typeof(ScopeEventSource)));
        Assert.Equal(new Guid("7fdbbe70-b5c1-5cef-2c66-84c9c81432e5"), EventSource.GetGuid(typeof(ScopeEventSource)));
        Assert.Equal(ProviderIdentity.Guid, EventSource.GetGuid(typeof(ScopeEventSource)));
        Assert.Equal("LeakScope", ScopeRuntime.Default.Events.Name);
        Assert.Equal(EventSource.GetGuid(typeof(ScopeEventSource)), ScopeRuntime.Default.Events.Guid);
    }

    [Fact]
    public void FullMode_BatchesEnterAndExitRecords_WithTheCallSiteDefinedOnce()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names);

        (ScopeHandle scope, int line) = (runtime.Enter("db-connection", "orders"), CurrentLine());
        scope.Complete();
        scope.Dispose();
        ScopeHandle again = runtime.Enter("db-connection", "orders");
        again.Dispose();

        ScopeRecord entered = recorder.WaitForRecord(ScopeRecordKind.Entered, scope.Id);
        Assert.Equal("orders", entered.Name);
        Assert.Equal(Environment.CurrentManagedThreadId, entered.ThreadId);
        Assert.Equal(0L, entered.ParentId);
        Assert.InRange(entered.EnteredAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));

        EventWrittenEventArgs site = recorder.SiteOf(entered.SiteId);
        Assert.Equal(EventIds.CallSiteDefined, site.EventId);
        Assert.Equal(["siteId", "kind", "file", "line", "member", "stack"], site.PayloadNames);
        Assert.Equal("db-connection", site.Get<string>("kind"));
        Assert.EndsWith(nameof(ScopeEventSourceTests) + ".cs", site.Get<string>("file"), StringComparison.Ordinal);
        Assert.Equal(line, site.Get<int>("line"));
        Assert.Equal(nameof(FullMode_BatchesEnterAndExitRecords_WithTheCallSiteDefinedOnce), site.Get<string>("member"));
        Assert.Equal(string.Empty, site.Get<string>("stack"));

        ScopeRecord exited = recorder.WaitForRecord(ScopeRecordKind.Exited, scope.Id);
        Assert.Equal(1, exited.Outcome);
        Assert.Equal(string.Empty, exited.ExceptionType);
        Assert.InRange(exited.DurationMs, 0, 60_000);

        recorder.WaitForRecord(ScopeRecordKind.Exited, again.Id);
        // Definitions of one id agree; the session's own snapshot may have defined the site too.
        Assert.InRange(recorder.Named("CallSiteDefined").Count(e => e.Get<int>("siteId") == entered.SiteId), 1, 2);
        Assert.All(
            recorder.Named("CallSiteDefined").Where(e => e.Get<int>("siteId") == entered.SiteId),
            e => Assert.Equal(("db-connection", line), (e.Get<string>("kind"), e.Get<int>("line"))));
        EventWrittenEventArgs batch = recorder.Named("ScopeBatch").First();
        Assert.Equal(EventIds.ScopeBatch, batch.EventId);
        Assert.Equal(EventLevel.Informational, batch.Level);
        Assert.Equal(["recordCount", "records", "batchSequence"], batch.PayloadNames);
        Assert.Equal(ScopeRecords.Read((byte[])batch.Payload![1]!).Count, batch.Get<int>("recordCount"));
        Assert.Empty(recorder.Named("ScopeExited"));
    }

    [Fact]
    public void FullMode_ManyScopes_FillSeveralBatchesInOrder()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names);

        var ids = new List<long>();
        for (int i = 0; i < 5000; i++)
        {
            ScopeHandle scope = runtime.Enter("every", "name-" + i);
            ids.Add(scope.Id);
            scope.Dispose();
        }

        recorder.WaitForRecord(ScopeRecordKind.Exited, ids[^1]);
        Assert.True(recorder.Named("ScopeBatch").Count() > 1);
        IReadOnlyList<ScopeRecord> records = recorder.Records;
        Assert.Equal(ids, records.Where(r => r.Kind == ScopeRecordKind.Entered).Select(r => r.ScopeId));
        Assert.Equal(ids, records.Where(r => r.Kind == ScopeRecordKind.Exited).Select(r => r.ScopeId));
        Assert.Equal("name-4999", records.Last(r => r.Kind == ScopeRecordKind.Entered).Name);
        Assert.All(recorder.Named("ScopeBatch"), e => Assert.InRange(((byte[])e.Payload![1]!).Length, 1, ScopeBatcher.BatchCapacity));

        // Numbered one by one, so a consumer can tell a batch is missing (docs/events.md).
        long[] numbers = [.. recorder.Named("ScopeBatch").Select(e => e.Get<long>("batchSequence")).Order()];
        Assert.Equal(Enumerable.Range(0, numbers.Length).Select(i => numbers[0] + i), numbers);
        Assert.True(numbers[0] > 0);
    }

    [Fact]
    public void Exit_ReportsOutcome()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);

        ScopeHandle unspecified = runtime.Enter("outcome");
        unspecified.Dispose();
        ScopeHandle completed = runtime.Enter("outcome");
        completed.Complete();
        completed.Dispose();
        ScopeHandle faulted = runtime.Enter("outcome");
        faulted.Fail(new TimeoutException());
        faulted.Complete();
        faulted.Dispose();

        Assert.Equal(0, recorder.WaitForRecord(ScopeRecordKind.Exited, unspecified.Id).Outcome);
        Assert.Equal(1, recorder.WaitForRecord(ScopeRecordKind.Exited, completed.Id).Outcome);
        ScopeRecord fault = recorder.WaitForRecord(ScopeRecordKind.Exited, faulted.Id);
        Assert.Equal(2, fault.Outcome);
        Assert.Equal(typeof(TimeoutException).FullName, fault.ExceptionType);
    }

    [Fact]
    public void NamesKeyword_Off_LeavesNamesOut()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);

        using ScopeHandle scope = runtime.Enter("secret", "Password=hunter2");

        Assert.Equal(string.Empty, recorder.WaitForRecord(ScopeRecordKind.Entered, scope.Id).Name);
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("Omit")]
    public void NameMode_KeepsTheNameInTheProcess(string mode)
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, new() { ["NameMode"] = mode });

        using ScopeHandle first = runtime.Enter("db", "Server=db;Password=hunter2");
        using ScopeHandle second = runtime.Enter("db", "Server=db;Password=hunter2");

        string name = recorder.WaitForRecord(ScopeRecordKind.Entered, first.Id).Name;
        Assert.DoesNotContain("hunter2", name, StringComparison.Ordinal);
        if (mode == "hash")
        {
            Assert.StartsWith("sha256:", name, StringComparison.Ordinal);
            Assert.Equal(name, recorder.WaitForRecord(ScopeRecordKind.Entered, second.Id).Name);
        }
        else
        {
            Assert.Equal(string.Empty, name);
        }
    }

    [Fact]
    public void Names_AreCapped()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, new() { ["NameMaxLength"] = "10" });

        using ScopeHandle scope = runtime.Enter("file", new string('x', 100_000));

        string name = recorder.WaitForRecord(ScopeRecordKind.Entered, scope.Id).Name;
        Assert.Equal(10, name.Length);
        Assert.EndsWith("…", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AreCappedByDefaultBelowTheEventSizeLimit()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["SnapshotNonce"] = "cap" });
        recorder.WaitForSnapshot("cap");
        using ScopeHandle scope = runtime.Enter("file", new string('x', 100_000));

        runtime.Runtime.Events.GetWorker().AnnounceAged(TimeSpan.Zero);

        Assert.Equal(SessionSettings.Default.NameMaxLength, recorder.WaitFor("ScopeAnnounced", e => e.IsFor(scope.Id)).Get<string>("name").Length);
    }

    [Fact]
    public void StacksKeyword_DefinesTheCallSiteWithItsStack()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Stacks);

        using ScopeHandle scope = runtime.Enter("stacked");

        // A site can be defined more than once (every snapshot defines every site); one carries the stack.
        int siteId = recorder.WaitForRecord(ScopeRecordKind.Entered, scope.Id).SiteId;
        string stack = recorder.WaitFor("CallSiteDefined", e => e.Get<int>("siteId") == siteId && e.Get<string>("stack").Length > 0).Get<string>("stack");
        Assert.Contains(nameof(StacksKeyword_DefinesTheCallSiteWithItsStack), stack, StringComparison.Ordinal);
        Assert.DoesNotContain("ScopeRegistry", stack, StringComparison.Ordinal);
    }

    [Fact]
    public void NewFullModeSession_GetsEverySiteDefinedInItsSnapshot()
    {
        using var runtime = new TestRuntime();
        using (EventRecorder first = EventRecorder.Start(runtime.Runtime.Events, K.Full, new() { ["SnapshotNonce"] = "early" }))
        {
            // The first session's own snapshot must be over, or it could define the site for the second one.
            first.WaitForSnapshot("early");
            runtime.Enter("defined-earlier").Dispose();
            first.WaitFor("CallSiteDefined", e => e.Get<string>("kind") == "defined-earlier");
        }

        using var second = EventRecorder.Start(runtime.Runtime.Events, K.Full, new() { ["SnapshotNonce"] = "late" });
        second.WaitForSnapshot("late");

        // Definitions may repeat (every snapshot defines every site); the point is that this session got one.
        Assert.Contains(second.Named("CallSiteDefined"), e => e.Get<string>("kind") == "defined-earlier");
    }

    private static int CurrentLine([CallerLineNumber] int line = 0) => line;
}
