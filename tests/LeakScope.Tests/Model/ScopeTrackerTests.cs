using LeakScope.Cli.Model;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Model;

public sealed class ScopeTrackerTests
{
    private static readonly DateTime s_entered = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FullModeExit_ArrivingBeforeItsEnter_CancelsTheEnter()
    {
        var tracker = new ScopeTracker("n");

        tracker.OnRecords([Exited(7)]);
        tracker.OnRecords([Entered(7, siteId: 0), Entered(8, siteId: 0)]);

        Assert.Equal([8L], tracker.OpenScopes().Select(s => s.Id));
    }

    [Fact]
    public void SiteDefinedAfterItsRecords_StillResolves()
    {
        var tracker = new ScopeTracker("n");

        tracker.OnRecords([Entered(1, siteId: 3)]);
        tracker.OnSiteDefined(3, "db-connection", "Orders.cs", 42, "Open", string.Empty);

        SiteInfo site = Assert.Single(tracker.OpenScopes()).Site;
        Assert.Equal(("db-connection", "Orders.cs", 42), (site.Kind, site.File, site.Line));
    }

    [Fact]
    public void SnapshotOfAnotherSession_DoesNotCompleteOurs()
    {
        var tracker = new ScopeTracker("mine");

        tracker.OnSnapshotStarted("theirs", (int)SnapshotReason.SessionStarted, expectedCount: 1);
        tracker.OnSnapshotScope("theirs", Description(1));
        tracker.OnSnapshotCompleted("theirs", (int)SnapshotReason.SessionStarted, scopeCount: 1);
        Assert.False(tracker.SnapshotCompleted);

        tracker.OnSnapshotCompleted("mine", (int)SnapshotReason.SessionStarted, scopeCount: 0);
        Assert.True(tracker.SnapshotCompleted);
        Assert.Single(tracker.OpenScopes());
    }

    [Fact]
    public void ClosingSnapshot_SaysExactlyWhatWasOpenAtTheEnd()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1));
        tracker.OnAnnounced(Description(2));

        tracker.OnSnapshotStarted("closing-x", (int)SnapshotReason.SessionStarted, expectedCount: 1);
        tracker.OnSnapshotScope("closing-x", Description(2));
        Assert.Null(tracker.ClosingSnapshot);
        tracker.OnSnapshotCompleted("closing-x", (int)SnapshotReason.SessionStarted, scopeCount: 1);

        Assert.Equal([2L], tracker.OpenScopesIn(tracker.ClosingSnapshot).Select(s => s.Id));
        Assert.True(tracker.AnySnapshotCompleted);
        Assert.False(tracker.SnapshotCompleted);
    }

    [Fact]
    public void ClosingSnapshot_ThatLostAScope_IsNotTakenAsTheTruth()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1));

        // The runtime listed two scopes; one of them never arrived (unreadable or dropped).
        tracker.OnSnapshotStarted("closing-x", (int)SnapshotReason.SessionStarted, expectedCount: 2);
        tracker.OnSnapshotScope("closing-x", Description(2));
        tracker.OnSnapshotCompleted("closing-x", (int)SnapshotReason.SessionStarted, scopeCount: 2);

        Assert.Null(tracker.ClosingSnapshot);
        Assert.Equal([1L, 2L], tracker.OpenScopes().Select(s => s.Id).Order());
    }

    [Fact]
    public void ExitSnapshot_ListsOnlyWhatWasOpenAtExit()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1));
        tracker.OnAnnounced(Description(2));

        tracker.OnSnapshotStarted(string.Empty, (int)SnapshotReason.ProcessExiting, expectedCount: 1);
        tracker.OnSnapshotScope(string.Empty, Description(2));
        tracker.OnSnapshotCompleted(string.Empty, (int)SnapshotReason.ProcessExiting, scopeCount: 1);

        Assert.True(tracker.ExitSnapshotCompleted);
        Assert.Equal([2L], tracker.OpenScopes(onlyOpenAtExit: true).Select(s => s.Id));
    }

    [Fact]
    public void Abandoned_LeavesTheOpenSet_AndIsKept()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(5));

        tracker.OnAbandoned(Description(5), s_entered.AddSeconds(3));

        Assert.Empty(tracker.OpenScopes());
        ClosedScope abandoned = Assert.Single(tracker.Abandoned);
        Assert.Equal((5L, "db-connection"), (abandoned.Id, abandoned.Site.Kind));
    }

    [Fact]
    public void ParentIds_AreKept_AndForgottenWithTheScope()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1) with { ParentId = 9 });
        tracker.OnRecords([Entered(2, siteId: 0) with { ParentId = 1 }]);

        Assert.Equal([(1L, 9L), (2L, 1L)], tracker.OpenScopes().Select(s => (s.Id, s.ParentId)).Order());
        tracker.OnExited(1);
        Assert.Equal(0, tracker.ParentOf(1));
    }

    [Fact]
    public void BatchedSnapshot_AScopeWhoseExitCameBeforeItsRecord_IsListedButNotOpen()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(0, "db-connection", "Orders.cs", 42, "Open", string.Empty);

        tracker.OnSnapshotStarted("closing-n", (int)SnapshotReason.SessionStarted, expectedCount: 2);
        tracker.OnExited(5);
        tracker.OnSnapshotRecord("closing-n", Record(5));
        tracker.OnSnapshotRecord("closing-n", Record(6));
        tracker.OnSnapshotCompleted("closing-n", (int)SnapshotReason.SessionStarted, scopeCount: 2);

        KnownOpenScope open = Assert.Single(tracker.OpenScopes());
        Assert.Equal((6L, "db-connection", 42, "orders"), (open.Id, open.Site.Kind, open.Site.Line, open.Scope.Name));
        Assert.Equal([5L, 6L], tracker.ClosingSnapshot!.Order());
    }

    [Fact]
    public void BatchedSnapshot_AScopeAlreadyKnown_ThatExitsBeforeItsRecordArrives_StaysClosed()
    {
        // Aged mode: scope 5 was announced; another session's (here the closing) snapshot lists it,
        // and it exits after its slot is released but before the batch holding its record is written.
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(0, "db-connection", "Orders.cs", 42, "Open", string.Empty);
        tracker.OnAnnounced(Description(5));

        tracker.OnSnapshotStarted("closing-n", (int)SnapshotReason.SessionStarted, expectedCount: 2);
        tracker.OnExited(5);
        tracker.OnSnapshotRecord("closing-n", Record(5));
        tracker.OnSnapshotRecord("closing-n", Record(6));
        tracker.OnSnapshotCompleted("closing-n", (int)SnapshotReason.SessionStarted, scopeCount: 2);

        Assert.Equal([6L], tracker.OpenScopesIn(tracker.ClosingSnapshot).Select(s => s.Id));
        Assert.Equal([6L], tracker.OpenScopes().Select(s => s.Id));
    }

    [Fact]
    public void FullMode_AScopeWhoseExitRecordCameBeforeItsSnapshotRecord_StaysClosed()
    {
        // Full mode: its enter was batched before the snapshot; it exits once listed, and its thread's
        // batch (with the exit record) is written before the snapshot's batch holding its record.
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(0, "db-connection", "Orders.cs", 42, "Open", string.Empty);
        tracker.OnRecords([Entered(5, siteId: 0)]);

        tracker.OnSnapshotStarted("closing-n", (int)SnapshotReason.SessionStarted, expectedCount: 1);
        tracker.OnExited(5);
        tracker.OnRecords([Exited(5)]);
        tracker.OnSnapshotRecord("closing-n", Record(5));
        tracker.OnSnapshotCompleted("closing-n", (int)SnapshotReason.SessionStarted, scopeCount: 1);

        Assert.Empty(tracker.OpenScopesIn(tracker.ClosingSnapshot));
        Assert.Empty(tracker.OpenScopes());
    }

    [Fact]
    public void FullMode_ASnapshotRecordAfterAnEarlyExitRecord_LeavesTheEnterStillCancelled()
    {
        // Handed to another thread: its exit record came first, then a snapshot record, then its enter record.
        var tracker = new ScopeTracker("n");
        tracker.OnSnapshotStarted("other", (int)SnapshotReason.SessionStarted, expectedCount: 1);
        tracker.OnRecords([Exited(5)]);
        tracker.OnSnapshotRecord("other", Record(5));
        tracker.OnSnapshotCompleted("other", (int)SnapshotReason.SessionStarted, scopeCount: 1);
        tracker.OnRecords([Entered(5, siteId: 0)]);

        Assert.Empty(tracker.OpenScopes());
    }

    [Fact]
    public void FullMode_ExitsSeenTwice_DoNotCrowdOutLaterExitsThatComeBeforeTheirEnter()
    {
        // Every announced scope's exit comes twice in full mode: ScopeExited, then its exit record
        // (docs/events.md). A long session sees millions; an exit that later arrives before its enter
        // (the scope was handed to another thread) must still cancel that enter.
        long nowMs = 0;
        var tracker = new ScopeTracker("n", () => nowMs);
        for (long id = 1; id <= 1_000_001; id++)
        {
            nowMs = id / 50;
            tracker.OnRecords([Entered(id, siteId: 0)]);
            tracker.OnExited(id);
            tracker.OnRecords([Exited(id)]);
        }

        tracker.OnRecords([Exited(2_000_000)]);
        tracker.OnRecords([Entered(2_000_000, siteId: 0)]);

        Assert.Empty(tracker.OpenScopes());
        Assert.Equal(0, tracker.DroppedEarlyExits);
    }

    [Fact]
    public void ExitsDuringASnapshot_TooManyToKeep_AreCountedDropped_NotSilentlyLost()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSnapshotStarted("n", (int)SnapshotReason.SessionStarted, expectedCount: 0);
        for (long id = 1; id <= 1_000_001; id++)
        {
            tracker.OnExited(id);
        }

        Assert.Equal(1, tracker.DroppedEarlyExits);
    }

    [Fact]
    public void FullMode_EarlyExitsTooManyToKeep_AreCountedDropped_NotSilentlyLost()
    {
        var tracker = new ScopeTracker("n", () => 0);
        for (long id = 1; id <= 1_000_000; id++)
        {
            tracker.OnRecords([Exited(id)]);
        }

        tracker.OnRecords([Exited(2_000_000)]);

        Assert.Equal(1, tracker.DroppedEarlyExits);
        Assert.Equal(1, new LeakScope.Cli.Tracing.ScopeEventRouter(tracker).IncompleteEvents);
    }

    [Fact]
    public void ExitsOfUnknownScopes_AreForgotten_OnceTheSnapshotCompletes()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSnapshotStarted("n", (int)SnapshotReason.SessionStarted, expectedCount: 0);
        tracker.OnExited(5);
        tracker.OnSnapshotCompleted("n", (int)SnapshotReason.SessionStarted, scopeCount: 0);
        tracker.OnExited(6);

        tracker.OnSnapshotStarted("later", (int)SnapshotReason.SessionStarted, expectedCount: 2);
        tracker.OnSnapshotRecord("later", Record(5));
        tracker.OnSnapshotRecord("later", Record(6));
        tracker.OnSnapshotCompleted("later", (int)SnapshotReason.SessionStarted, scopeCount: 2);

        Assert.Equal([5L, 6L], tracker.OpenScopes().Select(s => s.Id).Order());
    }

    [Fact]
    public void SameSiteAndName_AreShared()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1) with { Name = new string('o', 3) });
        tracker.OnAnnounced(Description(2) with { Name = new string('o', 3) });

        var open = tracker.OpenScopes();

        Assert.Same(open[0].Site, open[1].Site);
        Assert.Same(open[0].Scope.Name, open[1].Scope.Name);
    }

    private static ScopeRecord Entered(long id, int siteId) =>
        new(ScopeRecordKind.Entered, id, siteId, ThreadId: 1, ParentId: 0, s_entered, "orders", 0, 0, string.Empty, 0);

    private static SnapshotRecord Record(long id) => new(id, SiteId: 0, ThreadId: 1, ParentId: 0, s_entered, "orders", 0);

    private static ScopeRecord Exited(long id) =>
        new(ScopeRecordKind.Exited, id, 0, 0, 0, default, string.Empty, 1, 5, string.Empty, 0);

    private static ScopeDescription Description(long id) =>
        new(id, "db-connection", "orders", "Orders.cs", 42, "Open", ThreadId: 1, ParentId: 0, s_entered, string.Empty);
}
