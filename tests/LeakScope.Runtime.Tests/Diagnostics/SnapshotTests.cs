using System.Diagnostics.Tracing;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

public sealed class SnapshotTests
{
    [Fact]
    public void Enable_EmitsScopesOpenedBeforeTheSession_WithTheirOriginalTimes()
    {
        using var runtime = new TestRuntime();
        ScopeHandle early = runtime.Enter("db-connection", "orders");
        ScopeHandle closed = runtime.Enter("db-connection", "closed");
        closed.Dispose();
        Thread.Sleep(30); // lets enteredAt differ measurably from the snapshot's own time
        DateTime beforeSession = DateTime.UtcNow;

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["SnapshotNonce"] = "n1" });
        List<EventWrittenEventArgs> scopes = recorder.WaitForSnapshot("n1");

        EventWrittenEventArgs listed = Assert.Single(scopes);
        Assert.Equal(early.Id, listed.ScopeId());
        Assert.Equal("orders", listed.Get<string>("name"));
        Assert.True(listed.Get<DateTime>("enteredAt") < beforeSession, "enteredAt must be the original enter time.");
        EventWrittenEventArgs started = recorder.WaitFor("SnapshotStarted", e => e.Get<string>("nonce") == "n1");
        Assert.Equal((int)SnapshotReason.SessionStarted, started.Get<int>("reason"));
        Assert.Equal(1L, recorder.WaitFor("SnapshotCompleted", e => e.Get<string>("nonce") == "n1").Get<long>("scopeCount"));
        Assert.True(started.TimeStamp <= listed.TimeStamp);

        // A scope the session learnt from the snapshot must have its exit reported, or it would look leaked.
        early.Dispose();
        recorder.WaitFor("ScopeExited", e => e.IsFor(early.Id));
    }

    [Fact]
    public void SecondSession_SnapshotIsTaggedWithItsOwnNonce()
    {
        using var runtime = new TestRuntime();
        using ScopeHandle open = runtime.Enter("lock", "cache-refresh");

        using var first = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "session-a" });
        first.WaitForSnapshot("session-a");
        using var second = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "session-b" });

        Assert.Single(second.WaitForSnapshot("session-b"), e => e.IsFor(open.Id));
        // The first session also sees the second one's snapshot, and can tell it apart by its nonce.
        Assert.Single(first.WaitForSnapshot("session-b"), e => e.IsFor(open.Id));
        Assert.Single(first.WaitForSnapshot("session-a"), e => e.IsFor(open.Id));
        Assert.DoesNotContain(second.Named("SnapshotCompleted"), e => e.Get<string>("nonce") == "session-a");
    }

    [Fact]
    public void ProcessExit_EmitsAnExitSnapshot()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "start" });
        recorder.WaitForSnapshot("start");
        ScopeHandle openAtExit = runtime.Enter("transaction");

        runtime.Runtime.OnProcessExiting();
        runtime.Runtime.OnProcessExiting();

        EventWrittenEventArgs completed = recorder.WaitFor("SnapshotCompleted", e => e.Get<int>("reason") == (int)SnapshotReason.ProcessExiting);
        Assert.Equal(1L, completed.Get<long>("scopeCount"));
        Assert.Single(recorder.Named("SnapshotScope"), e => e.IsFor(openAtExit.Id));
        Assert.Single(recorder.Named("SnapshotCompleted"), e => e.Get<int>("reason") == (int)SnapshotReason.ProcessExiting);
        openAtExit.Dispose();
    }

    [Fact]
    public async Task Snapshot_WhileScopesExitConcurrently_NeverReportsAnExitBeforeItsScope()
    {
        using var runtime = new TestRuntime();
        var handles = Enumerable.Range(0, 2000).Select(i => runtime.Enter("churn")).ToArray();
        using var recorder = new EventRecorder();

        var exiting = Task.Run(() =>
        {
            foreach (ScopeHandle handle in handles)
            {
                handle.Dispose();
            }
        });
        recorder.EnableEvents(runtime.Runtime.Events, EventLevel.Verbose, K.Lifecycle, new Dictionary<string, string?> { ["SnapshotNonce"] = "race" });
        await exiting.WaitAsync(EventRecorder.Patience);
        recorder.WaitForSnapshot("race");

        // In-process listeners see events in the order they were written.
        var described = new HashSet<long>();
        foreach (EventWrittenEventArgs e in recorder.Events)
        {
            if (e.EventName == "SnapshotScope")
            {
                described.Add(e.ScopeId());
            }
            else if (e.EventName == "ScopeExited")
            {
                Assert.Contains(e.ScopeId(), described);
            }
        }

        Assert.Equal(0, runtime.OpenCount);
    }
}
