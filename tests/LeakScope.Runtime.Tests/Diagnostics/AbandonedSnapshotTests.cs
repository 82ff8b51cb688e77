using System.Diagnostics.Tracing;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

/// <summary>Scopes abandoned before a session started reach it through the snapshot (docs/events.md).</summary>
public sealed class AbandonedSnapshotTests
{
    [Fact]
    public void Snapshot_ListsScopesAbandonedBeforeTheSession_WithTheirSiteCount()
    {
        using var runtime = new TestRuntime();
        DateTime before = DateTime.UtcNow;
        ScopeHandle[] dropped = [.. Enumerable.Range(0, 3).Select(i => runtime.Enter("file", "report-" + i))];
        using ScopeHandle open = runtime.Enter("db-connection", "orders");
        Array.ForEach(dropped, handle => handle.Abandon());

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["SnapshotNonce"] = "late" });
        List<EventWrittenEventArgs> listed = recorder.WaitForSnapshot("late");

        Assert.Equal(open.Id, Assert.Single(listed).ScopeId());
        List<EventWrittenEventArgs> abandoned = [.. recorder.Named("SnapshotAbandoned").Where(e => e.Get<string>("nonce") == "late")];
        Assert.Equal(dropped.Select(h => h.Id), abandoned.Select(e => e.ScopeId()));
        Assert.Equal(["report-0", "report-1", "report-2"], abandoned.Select(e => e.Get<string>("name")));
        Assert.All(abandoned, e =>
        {
            Assert.Equal("file", e.Get<string>("kind"));
            Assert.EndsWith(nameof(AbandonedSnapshotTests) + ".cs", e.Get<string>("file"), StringComparison.Ordinal);
            Assert.InRange(e.Get<DateTime>("enteredAt"), before.AddMilliseconds(-20), e.Get<DateTime>("abandonedAt"));
        });

        EventWrittenEventArgs site = Assert.Single(recorder.Named("SnapshotAbandonedSite"));
        Assert.Equal(("file", 3L, 3L), (site.Get<string>("kind"), site.Get<long>("abandoned"), site.Get<long>("listed")));
        EventWrittenEventArgs completed = recorder.WaitFor("SnapshotCompleted", e => e.Get<string>("nonce") == "late");
        Assert.Equal((1L, 3L), (completed.Get<long>("scopeCount"), completed.Get<long>("abandonedCount")));
    }

    [Fact]
    public void Snapshot_BeyondTheBound_ListsTheMostRecent_AndCountsAll()
    {
        using var runtime = new TestRuntime(abandonedPerSite: 2);
        ScopeHandle[] dropped = [.. Enumerable.Range(0, 5).Select(i => runtime.Enter("file", "report-" + i))];
        Array.ForEach(dropped, handle => handle.Abandon());

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["SnapshotNonce"] = "late" });
        recorder.WaitForSnapshot("late");

        Assert.Equal(dropped[3..].Select(h => h.Id), recorder.Named("SnapshotAbandoned").Select(e => e.ScopeId()));
        EventWrittenEventArgs site = Assert.Single(recorder.Named("SnapshotAbandonedSite"));
        Assert.Equal((5L, 2L), (site.Get<long>("abandoned"), site.Get<long>("listed")));
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("omit")]
    public void Snapshot_WritesKeptNames_AsTheSessionAsks(string mode)
    {
        using var runtime = new TestRuntime();
        runtime.Enter("file", "secret.csv").Abandon();

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["SnapshotNonce"] = "n", ["NameMode"] = mode });
        recorder.WaitForSnapshot("n");

        string expected = NameFormatter.Format("secret.csv", Enum.Parse<NameMode>(mode, ignoreCase: true), 256);
        Assert.Equal(expected, Assert.Single(recorder.Named("SnapshotAbandoned")).Get<string>("name"));
    }

    [Fact]
    public void Snapshot_WithoutTheNamesKeyword_HasNoNames()
    {
        using var runtime = new TestRuntime();
        runtime.Enter("file", "secret.csv").Abandon();

        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "n" });
        recorder.WaitForSnapshot("n");

        Assert.Equal(string.Empty, Assert.Single(recorder.Named("SnapshotAbandoned")).Get<string>("name"));
    }

    [Fact]
    public async Task Snapshot_WhileScopesAreAbandoned_ListsEachAsOpenOrAbandoned_NeverNeither()
    {
        // Names too long to keep whole make each abandonment slow (the name is hashed), so a snapshot
        // is likely to run while one is under way.
        string longName = new('n', 1_000_000);
        for (int round = 0; round < 10; round++)
        {
            using var runtime = new TestRuntime();
            ScopeHandle[] handles = [.. Enumerable.Range(0, 100).Select(i => runtime.Enter("file", longName))];
            string nonce = "race-" + round;
            using var recorder = new EventRecorder();

            var abandoning = Task.Run(() => Array.ForEach(handles, handle => handle.Abandon()));
            recorder.EnableEvents(runtime.Runtime.Events, EventLevel.Verbose, K.Lifecycle, new Dictionary<string, string?> { ["SnapshotNonce"] = nonce });
            await abandoning.WaitAsync(EventRecorder.Patience);
            recorder.WaitForSnapshot(nonce);

            // Events of the snapshot only: a live ScopeAbandoned would hide a scope the snapshot missed.
            var seen = recorder.Events
                .Where(e => e.EventName is "SnapshotScope" or "SnapshotAbandoned" && e.Get<string>("nonce") == nonce)
                .Select(e => e.ScopeId())
                .ToHashSet();
            Assert.All(handles, handle => Assert.Contains(handle.Id, seen));
            Assert.Equal(0, runtime.OpenCount);
        }
    }
}
