using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;
using LeakScope.Registry;

namespace LeakScope.Cli.Tests.Model;

/// <summary>
/// How the tool counts exits by outcome per call site (docs/report-format.md#exits): once per scope
/// however often its exit arrives, at the site of the scope, unknown outcomes as unspecified, and
/// with a bounded, safe list of exception types.
/// </summary>
public sealed class ExitOutcomeTests
{
    private static readonly DateTime s_entered = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AnExitSeenTwice_ItsEventAndItsFullModeRecord_CountsOnce_InEitherOrder()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1));
        tracker.OnAnnounced(Description(2));

        tracker.OnExited(1, (int)ScopeOutcome.Committed);
        tracker.OnRecords([Exited(1, ScopeOutcome.Committed)]);
        tracker.OnRecords([Exited(2, ScopeOutcome.RolledBack)]);
        tracker.OnExited(2, (int)ScopeOutcome.RolledBack);

        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal(("db-transaction", 42), (site.Site.Kind, site.Site.Line));
        Assert.Equal((2L, 1L, 1L), (site.Total, site.Count(ScopeOutcome.Committed), site.Count(ScopeOutcome.RolledBack)));
    }

    [Fact]
    public void AnExitArrivingBeforeItsEnter_CountsOnce_AtTheSiteOfTheEnter()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(3, "job", "Jobs.cs", 10, "Run", string.Empty);

        tracker.OnRecords([Exited(7, ScopeOutcome.Faulted, "System.TimeoutException")]);
        tracker.OnRecords([Entered(7, siteId: 3)]);
        tracker.OnExited(7, (int)ScopeOutcome.Faulted, "System.TimeoutException");

        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal(("Jobs.cs", 10, 1L), (site.Site.File, site.Site.Line, site.Count(ScopeOutcome.Faulted)));
        Assert.Equal([new KeyValuePair<string, long>("System.TimeoutException", 1)], site.ExceptionTypes);
        Assert.Empty(tracker.OpenScopes());
    }

    [Fact]
    public void APairedRecord_CountsItsExitOnce_AtItsSite_AndClosesAScopeASnapshotListed()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(3, "job", "Jobs.cs", 10, "Run", string.Empty);
        tracker.OnAnnounced(Description(1));

        // Scope 9 was entered and exited within one batch; scope 1, listed by a snapshot, was too.
        tracker.OnRecords([Paired(9, siteId: 3), Paired(1, siteId: 3)]);
        tracker.OnExited(1, (int)ScopeOutcome.Unspecified);

        Assert.Empty(tracker.OpenScopes());
        SiteExits job = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "job");
        SiteExits listed = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "db-transaction");
        Assert.Equal((1L, 1L), (job.Total, job.Count(ScopeOutcome.Unspecified)));
        Assert.Equal((1L, 1L), (listed.Total, listed.Count(ScopeOutcome.Unspecified)));
    }

    [Fact]
    public void AnAnnouncedScopesExit_ItsEventFirst_ThenItsPairedRecord_CountsOnce()
    {
        // The runtime's worker flushes batches, then announces aged scopes: a scope entered in between
        // (or during a start-up snapshot emitted between the two) is announced while its enter is still
        // its thread's last buffered record, so its exit becomes a paired record. Its ScopeExited event
        // is written at once and reaches the tool before the batch holding the pair.
        var tracker = new ScopeTracker("n") { FullMode = true };
        tracker.OnSiteDefined(3, "db-transaction", "Orders.cs", 42, "Save", string.Empty);
        tracker.OnAnnounced(Description(1));

        tracker.OnExited(1, (int)ScopeOutcome.Unspecified);
        tracker.OnRecords([Paired(1, siteId: 3)]);

        Assert.Empty(tracker.OpenScopes());
        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal(1L, site.Total);
    }

    [Fact]
    public void AClosedRecordOfManyScopes_CountsEachOnce_ClosesTheListedOne_AndSkipsOneItsEventCounted()
    {
        var tracker = new ScopeTracker("n") { FullMode = true };
        tracker.OnSiteDefined(3, "job", "Jobs.cs", 10, "Run", string.Empty);
        tracker.OnAnnounced(Description(21));
        tracker.OnAnnounced(Description(23));
        tracker.OnExited(23, (int)ScopeOutcome.Unspecified);

        // Scopes 20 to 24, closed within one batch: 21 was listed open, 23's exit came first as its event.
        tracker.OnRecords([Paired(20, siteId: 3) with { Count = 5 }]);

        Assert.Empty(tracker.OpenScopes());
        SiteExits job = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "job");
        SiteExits listed = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "db-transaction");
        Assert.Equal((3L, 2L), (job.Total, listed.Total));

        // With nothing listed or waiting, a closed record of a million scopes is counted without a look-up per id.
        tracker.OnRecords([Paired(1_000, siteId: 3) with { Count = 1_000_000 }]);
        Assert.Equal(1_000_003L, job.Total);
    }

    [Fact]
    public void RecordsArrivingBeforeTheirCallSitesDefinition_CountTheirExitsAtThatSite()
    {
        // A session that joins while threads have batches buffered receives them before its snapshot
        // defines their call sites again (docs/events.md "Full mode"): the exits wait for the definition.
        var tracker = new ScopeTracker("n") { FullMode = true };
        tracker.OnRecords([Paired(20, siteId: 3) with { Count = 4 }, Entered(30, siteId: 4), Exited(30, ScopeOutcome.Faulted, "System.TimeoutException")]);
        tracker.OnSiteDefined(3, "job", "Jobs.cs", 10, "Run", string.Empty);
        tracker.OnSiteDefined(4, "db-command", "Orders.cs", 7, "Save", string.Empty);
        tracker.OnRecords([Paired(24, siteId: 3)]);

        SiteExits job = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "job");
        SiteExits command = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "db-command");
        Assert.Equal((5L, 5L), (job.Total, job.Count(ScopeOutcome.Unspecified)));
        Assert.Equal((1L, 1L), (command.Total, command.Count(ScopeOutcome.Faulted)));
        Assert.Equal([new KeyValuePair<string, long>("System.TimeoutException", 1)], command.ExceptionTypes);
        Assert.Equal(2, tracker.Outcomes.Sites.Count);

        // Sites never defined are one unknown site in a report.
        tracker.OnRecords([Paired(40, siteId: 7), Paired(50, siteId: 8), Entered(60, siteId: 9), Exited(60, ScopeOutcome.Faulted)]);
        SiteExits unknown = Assert.Single(tracker.Outcomes.Sites, site => site.Site.Kind == "unknown");
        Assert.Equal((3L, 2L, 1L), (unknown.Total, unknown.Count(ScopeOutcome.Unspecified), unknown.Count(ScopeOutcome.Faulted)));
        Assert.Equal(3, tracker.Outcomes.Sites.Count);
        Assert.Equal(9L, tracker.Outcomes.Total);
    }

    [Fact]
    public void AnAnnouncedScopesExit_ItsEventFirst_ThenItsEnterAndExitRecords_CountsOnce_AndLeavesItClosed()
    {
        // The same race without pairing (a session that does not ask PairedRecords, or an exit with an outcome).
        var tracker = new ScopeTracker("n") { FullMode = true };
        tracker.OnSiteDefined(3, "db-transaction", "Orders.cs", 42, "Save", string.Empty);
        tracker.OnAnnounced(Description(1));

        tracker.OnExited(1, (int)ScopeOutcome.Committed);
        tracker.OnRecords([Entered(1, siteId: 3), Exited(1, ScopeOutcome.Committed)]);

        Assert.Empty(tracker.OpenScopes());
        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal((1L, 1L), (site.Total, site.Count(ScopeOutcome.Committed)));
    }

    [Fact]
    public void AnAnnouncedScopesExit_ItsRecordsAroundItsEvent_CountsOnce_AndNothingWaitsForEver()
    {
        // Its enter record came before the event, its exit record after: the record is the second copy.
        var tracker = new ScopeTracker("n") { FullMode = true };
        tracker.OnSiteDefined(3, "db-transaction", "Orders.cs", 42, "Save", string.Empty);
        tracker.OnRecords([Entered(1, siteId: 3)]);

        tracker.OnExited(1, (int)ScopeOutcome.RolledBack);
        tracker.OnRecords([Exited(1, ScopeOutcome.RolledBack)]);

        // Not kept as an exit waiting for an enter that never comes (it would stay until the set is full).
        Assert.Equal(0, tracker.PendingEarlyExits);
        Assert.Empty(tracker.OpenScopes());
        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal((1L, 1L), (site.Total, site.Count(ScopeOutcome.RolledBack)));
    }

    [Fact]
    public void AnEarlyExit_KeepsOnlyAFaultedExceptionType_AsFarAsAReportShowsIt()
    {
        var tracker = new ScopeTracker("n");
        tracker.OnSiteDefined(3, "job", "Jobs.cs", 10, "Run", string.Empty);
        string huge = "System." + new string('X', 100_000);

        tracker.OnRecords([Exited(7, ScopeOutcome.Faulted, huge), Exited(8, ScopeOutcome.Completed, huge)]);
        tracker.OnRecords([Entered(7, siteId: 3), Entered(8, siteId: 3)]);

        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal((2L, 1L, 1L), (site.Total, site.Count(ScopeOutcome.Faulted), site.Count(ScopeOutcome.Completed)));
        KeyValuePair<string, long> type = Assert.Single(site.ExceptionTypes);
        Assert.Equal(SiteExits.MaxExceptionTypeLength, type.Key.Length);
        Assert.Equal(SiteExits.Shortened(huge), type.Key);
    }

    [Fact]
    public void ExitsOfScopesNeverKnown_CountNowhere()
    {
        var tracker = new ScopeTracker("n");

        tracker.OnExited(5, (int)ScopeOutcome.Completed);

        Assert.Empty(tracker.Outcomes.Sites);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(255)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void AnOutcomeValueUnknownToTheTool_IsReadAsUnspecified(int outcome)
    {
        var tracker = new ScopeTracker("n");
        tracker.OnAnnounced(Description(1));

        tracker.OnExited(1, outcome, "Not.An.Exception");

        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal((1L, 1L), (site.Total, site.Count(ScopeOutcome.Unspecified)));
        Assert.Empty(site.ExceptionTypes);
    }

    [Fact]
    public void ExceptionTypes_AreBoundedPerSite_TheRestCountedTogether_LongNamesCutWithoutSplittingAPair()
    {
        var exits = new SiteExits(new SiteInfo("job", "Jobs.cs", 10, "Run"));
        string hostile = new string('x', SiteExits.MaxExceptionTypeLength - 2) + "\ud83d\ude00" + "tail";

        exits.Add((int)ScopeOutcome.Faulted, hostile);
        exits.Add((int)ScopeOutcome.Faulted, string.Empty);
        for (int i = 0; i < 20; i++)
        {
            exits.Add((int)ScopeOutcome.Faulted, "Generated.Exception" + (i % 10));
        }

        Assert.Equal(SiteExits.MaxExceptionTypes, exits.ExceptionTypes.Count);
        Assert.Equal(22, exits.Count(ScopeOutcome.Faulted));
        Assert.Equal(22, exits.ExceptionTypes.Sum(type => type.Value) + exits.OtherExceptionTypes);
        Assert.Equal(new string('x', SiteExits.MaxExceptionTypeLength - 2) + "…", exits.ExceptionTypes[0].Key);
        Assert.Equal(SiteExits.NoExceptionType, exits.ExceptionTypes[1].Key);
        Assert.Equal(("Generated.Exception0", 2L), (exits.ExceptionTypes[2].Key, exits.ExceptionTypes[2].Value));
        Assert.Equal(8, exits.OtherExceptionTypes);
    }

    [Fact]
    public void ScopeExitedEvent_CarriesItsOutcomeAndExceptionType_ThroughTheRouter()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        tracker.OnAnnounced(Description(1));

        router.TryApply(EventIds.ScopeExited, [.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(2), .. System.Text.Encoding.Unicode.GetBytes("System.IO.IOException\0"), .. BitConverter.GetBytes(12.5)], DateTime.UtcNow);

        SiteExits site = Assert.Single(tracker.Outcomes.Sites);
        Assert.Equal([new KeyValuePair<string, long>("System.IO.IOException", 1)], site.ExceptionTypes);
        Assert.Equal(0, router.UnreadableEvents);
    }

    [Fact]
    public void TextAndHtml_ShowEachSitesExitsByOutcome_WithHostileExceptionTypesShownSafely()
    {
        var transactions = new SiteExits(new SiteInfo("db-transaction", "/src/Data.cs", 18, "RunAsync"));
        transactions.Add((int)ScopeOutcome.Committed, string.Empty);
        transactions.Add((int)ScopeOutcome.RolledBack, string.Empty);
        var jobs = new SiteExits(new SiteInfo("job", "/src/Jobs.cs", 3, "Run"));
        jobs.Add((int)ScopeOutcome.Faulted, "Evil\u001b[2J<script>alert(1)</script>");
        var options = new ReportOptions(TimeSpan.FromSeconds(1), Endings.Stopped, 0, false, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2), false, []) { Exits = ([transactions, jobs], false) };
        LeakReport report = ReportBuilder.Build("monitor", new TargetProcess(1, "app", null), [], [], options);
        using var text = new StringWriter();
        using var html = new StringWriter();

        TextReportWriter.Write(report, new SourceTree("/src"), text);
        HtmlReportWriter.Write(report, new SourceTree("/src"), html);

        Assert.Contains("Exits (only of scopes open longer than the announce threshold", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("  db-transaction at Data.cs:18 (RunAsync): 1 committed, 1 rolled back\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  job at Jobs.cs:3 (Run): 1 faulted (1 Evil\\x1b[2J<script>alert(1)</script>)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("<table id=\"site-exits\">", html.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 Evil\\x1b[2J&lt;script&gt;", html.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitsSeenValues.Announced, report.ExitsSeen);
    }

    private static ScopeRecord Entered(long id, int siteId) =>
        new(ScopeRecordKind.Entered, id, siteId, ThreadId: 1, ParentId: 0, s_entered, "orders", 0, 0, string.Empty, 0);

    private static ScopeRecord Paired(long id, int siteId) =>
        new(ScopeRecordKind.Paired, id, siteId, 0, 0, default, string.Empty, 0, 5, string.Empty, 0);

    private static ScopeRecord Exited(long id, ScopeOutcome outcome, string exceptionType = "") =>
        new(ScopeRecordKind.Exited, id, 0, 0, 0, default, string.Empty, (int)outcome, 5, exceptionType, 0);

    private static ScopeDescription Description(long id) =>
        new(id, "db-transaction", "orders", "Orders.cs", 42, "Save", ThreadId: 1, ParentId: 0, s_entered, string.Empty);
}
