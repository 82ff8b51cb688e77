using System.Diagnostics.Tracing;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

/// <summary>Sessions that ask for <c>SnapshotFormat=batches</c> get their snapshot as records (docs/events.md).</summary>
public sealed class BatchedSnapshotTests
{
    private static readonly Dictionary<string, string?> s_batched = new() { ["SnapshotNonce"] = "b", ["SnapshotFormat"] = "batches" };

    [Fact]
    public void BatchedSession_GetsEveryOpenScope_AsRecords_WithItsSiteDefinedFirst()
    {
        using var runtime = new TestRuntime();
        ScopeHandle[] open = [.. Enumerable.Range(0, 3000).Select(i => runtime.Enter(i % 2 == 0 ? "db-connection" : "file", "n" + i))];
        open[7].Dispose();
        DateTime beforeSession = DateTime.UtcNow;

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, s_batched);
        EventWrittenEventArgs completed = recorder.WaitFor("SnapshotCompleted", e => e.Get<string>("nonce") == "b");

        Assert.Empty(recorder.Named("SnapshotScope"));
        List<EventWrittenEventArgs> batches = [.. recorder.Named("SnapshotBatch")];
        Assert.True(batches.Count > 1, "3,000 records must span several 16 KiB batches.");
        Dictionary<int, string> kinds = recorder.Named("CallSiteDefined").ToDictionary(e => e.Get<int>("siteId"), e => e.Get<string>("kind"));
        List<SnapshotRecord> records = [.. batches.SelectMany(Records)];
        Assert.Equal(2999L, completed.Get<long>("scopeCount"));
        Assert.Equal(open.Where((_, i) => i != 7).Select(h => h.Id).Order(), records.Select(r => r.ScopeId).Order());
        Assert.All(records, r =>
        {
            int index = Array.FindIndex(open, h => h.Id == r.ScopeId);
            Assert.Equal("n" + index, r.Name);
            Assert.Equal(index % 2 == 0 ? "db-connection" : "file", kinds[r.SiteId]);
            Assert.True(r.EnteredAt <= beforeSession.AddMilliseconds(20), "enteredAt is the scope's own enter time.");
        });
        foreach (ScopeHandle handle in open)
        {
            handle.Dispose();
        }
    }

    [Fact]
    public void ExitSnapshot_IsBatched_OnlyWhenEverySessionReadsBatches()
    {
        using var runtime = new TestRuntime();
        using var batched = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, s_batched);
        batched.WaitFor("SnapshotCompleted", e => e.Get<string>("nonce") == "b");
        using ScopeHandle open = runtime.Enter("transaction");

        runtime.Runtime.Events.EmitExitSnapshot();
        batched.WaitFor("SnapshotCompleted", e => e.Get<int>("reason") == (int)SnapshotReason.ProcessExiting);
        Assert.Contains(batched.Named("SnapshotBatch").SelectMany(Records), r => r.ScopeId == open.Id);

        using var perScope = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "p" });
        perScope.WaitFor("SnapshotCompleted", e => e.Get<string>("nonce") == "p");
        Assert.Single(perScope.Named("SnapshotScope"), e => e.IsFor(open.Id));
        runtime.Runtime.Events.EmitExitSnapshot();
        perScope.WaitFor("SnapshotCompleted", e => e.Get<int>("reason") == (int)SnapshotReason.ProcessExiting);
        Assert.Equal(2, perScope.Named("SnapshotScope").Count(e => e.IsFor(open.Id)));
    }

    private static List<SnapshotRecord> Records(EventWrittenEventArgs batch)
    {
        ReadOnlySpan<byte> records = batch.Get<byte[]>("records");
        var previous = default(RecordCursor);
        var read = new List<SnapshotRecord>();
        while (!records.IsEmpty)
        {
            read.Add(SnapshotRecords.Read(ref records, ref previous));
        }

        Assert.Equal(batch.Get<int>("recordCount"), read.Count);
        return read;
    }
}
