using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Model;

/// <summary>Abandoned scopes seen live, listed by snapshots' records, and counted beyond them (docs/events.md).</summary>
public sealed class AbandonedTrackingTests
{
    private static readonly DateTime s_entered = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ScopeListedByARecord_AndSeenLive_IsOneLeak()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSnapshotScope("n", File(1));

        tracker.OnAbandoned(File(1), s_entered.AddSeconds(1));
        tracker.OnAbandoned(File(1), s_entered.AddSeconds(1));

        Assert.Empty(tracker.OpenScopes());
        Assert.Single(tracker.Abandoned);
    }

    [Fact]
    public void SiteCount_BeyondTheScopesKnown_IsCountOnly_AndStaysSoAsLiveOnesArrive()
    {
        var tracker = new ScopeTracker("n");
        AbandonAll(tracker, 1, 256);
        tracker.OnAbandonedSite("n", "file", "Export.cs", 63, "Export", abandoned: 300);
        Assert.Equal(44L, CountOnly(tracker));

        AbandonAll(tracker, 1000, 10);

        Assert.Equal(44L, CountOnly(tracker));
        Assert.Equal(266, tracker.Abandoned.Count);
    }

    [Fact]
    public void LaterSnapshot_WhoseRecordEvictedScopesAlreadyKnown_DoesNotCountThemAgain()
    {
        var tracker = new ScopeTracker("n");
        AbandonAll(tracker, 1, 256);
        tracker.OnAbandonedSite("n", "file", "Export.cs", 63, "Export", abandoned: 300);
        AbandonAll(tracker, 1000, 10);

        // The closing snapshot's record holds the newest 256: 246 known from the first snapshot and the 10 seen live.
        AbandonAll(tracker, 11, 246);
        AbandonAll(tracker, 1000, 10);
        tracker.OnAbandonedSite("closing-1", "file", "Export.cs", 63, "Export", abandoned: 310);

        Assert.Equal(44L, CountOnly(tracker));
    }

    [Fact]
    public void OlderRuntime_SnapshotWithoutAbandonedCount_IsKnown_AndItsSummariesCount()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSnapshotCompleted("n", (int)SnapshotReason.SessionStarted, scopeCount: 0);
        Assert.False(tracker.RecordsAbandoned);

        tracker.OnSummary("file", "Export.cs", 63, "Export", openNow: 0, entered: 5, exited: 0, abandoned: 5, intervalMs: 1000, receivedAt: DateTime.UtcNow);
        AbandonAll(tracker, 1, 1);

        Assert.Equal(4L, CountOnly(tracker));
    }

    [Fact]
    public void Router_ReadsSnapshotsOfBothVersions_AndTheRecordsEvents()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);

        router.TryApply(EventIds.SnapshotCompleted, Fuzz.EventPayloads.SnapshotCompleted("other", 0), s_entered);
        Assert.False(tracker.RecordsAbandoned);
        router.TryApply(EventIds.SnapshotAbandoned, Fuzz.EventPayloads.SnapshotAbandoned("n", 8), s_entered);
        router.TryApply(EventIds.SnapshotAbandonedSite, Fuzz.EventPayloads.SnapshotAbandonedSite("n", abandoned: 3, listed: 1), s_entered);
        router.TryApply(EventIds.SnapshotCompleted, Fuzz.EventPayloads.SnapshotCompleted("n", 0, abandonedCount: 1), s_entered);

        Assert.Equal(0, router.UnreadableEvents);
        Assert.True(tracker.RecordsAbandoned);
        ClosedScope abandoned = Assert.Single(tracker.Abandoned);
        Assert.Equal((8L, "report.csv", Fuzz.EventPayloads.EnteredAt.AddSeconds(5)), (abandoned.Id, abandoned.Name, abandoned.AbandonedAt));
        Assert.Equal(2L, Assert.Single(tracker.CountOnlyAbandoned()).Value);
    }

    private static void AbandonAll(ScopeTracker tracker, long firstId, int count)
    {
        for (long id = firstId; id < firstId + count; id++)
        {
            tracker.OnAbandoned(File(id), s_entered.AddSeconds(1));
        }
    }

    private static long CountOnly(ScopeTracker tracker) => Assert.Single(tracker.CountOnlyAbandoned()).Value;

    private static ScopeDescription File(long id) =>
        new(id, "file", "report.csv", "Export.cs", 63, "Export", ThreadId: 1, ParentId: 0, s_entered, string.Empty);
}
