using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Reporting;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 8, 0, 10, TimeSpan.Zero);
    private static readonly TargetProcess s_target = new(42, "orders", s_now.AddHours(-1));
    private static readonly SiteInfo s_site = new("db-connection", "Orders.cs", 42, "Open");

    [Fact]
    public void OpenLongerThanMinAge_IsALeak_YoungerIsInFlight()
    {
        LeakReport report = Build([Open(1, ageSeconds: 5), Open(2, ageSeconds: 0.5)], Options());

        Assert.Equal(Verdicts.Leaks, report.Verdict);
        Assert.Equal(1L, Assert.Single(report.Leaks).Id);
        Assert.Equal(1, report.InFlight);
        LeakGroup group = Assert.Single(report.Groups);
        Assert.Equal((1, 5.0), (group.Count, group.OldestAgeSeconds));
    }

    [Fact]
    public void LostEvents_MakeTheVerdictInconclusive_EvenWithLeaks()
    {
        LeakReport report = Build([Open(1, ageSeconds: 5)], Options() with { EventsLost = 3 });

        Assert.Equal(Verdicts.Inconclusive, report.Verdict);
        Assert.Contains(report.Notes, n => n.Contains("3 events were lost", StringComparison.Ordinal));
        Assert.Equal(ReturnCode.Inconclusive, Verdicts.ToReturnCode(report.Verdict));
    }

    [Fact]
    public void LostEvents_SettledByACompleteSnapshot_GiveAVerdict()
    {
        LeakReport report = Build([], Options() with { EventsLost = 3, Authoritative = true });

        Assert.Equal(Verdicts.Clean, report.Verdict);
        Assert.Contains(report.Notes, n => n.Contains("complete snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAtExit_EveryOpenScopeIsALeak_WhateverItsAge()
    {
        LeakReport report = Build([Open(1, ageSeconds: 0.01)], Options() with { Ending = Endings.OpenAtExit });

        Assert.Single(report.Leaks);
        Assert.Equal(0, report.InFlight);
    }

    [Fact]
    public void TextReport_LeadsWithTheVerdict_AndNamesTheLine()
    {
        LeakReport report = Build([Open(1, ageSeconds: 5), Open(2, ageSeconds: 7)], Options());
        using var text = new StringWriter();

        TextReportWriter.Write(report, new SourceTree("/src"), text);

        string[] lines = text.ToString().Split('\n');
        Assert.StartsWith("LeakScope monitor: orders (42)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Verdict: LEAKS: 2 open, 0 abandoned in 1 call site(s)", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Orders.cs:42 (Open)", StringComparison.Ordinal) && l.Contains("7.0 s", StringComparison.Ordinal));
    }

    [Fact]
    public void AbandonedKnownByCountOnly_AreLeaks_InTheirSitesGroup_WithANote()
    {
        var file = new SiteInfo("file", "Export.cs", 63, "Export");
        ClosedScope listed = new(7, file, "report.csv", 1, 0, s_now.UtcDateTime.AddSeconds(-9), s_now.UtcDateTime.AddSeconds(-8));
        var countOnly = new Dictionary<SiteInfo, long> { [file] = 44, [s_site] = 3 };

        LeakReport report = ReportBuilder.Build("snapshot", s_target, [], [listed], Options(), countOnly);

        Assert.Equal(Verdicts.Leaks, report.Verdict);
        Assert.Single(report.Leaks);
        LeakGroup files = Assert.Single(report.Groups, g => g.Kind == "file");
        Assert.Equal((1, 1, 44L), (files.Count, files.Abandoned, files.AbandonedUnlisted));
        LeakGroup countedOnly = Assert.Single(report.Groups, g => g.Kind == "db-connection");
        Assert.Equal((0, 3L), (countedOnly.Count, countedOnly.AbandonedUnlisted));
        Assert.Contains(report.Notes, n => n.StartsWith("47 abandoned scope(s) at 2 call site(s)", StringComparison.Ordinal));

        using var text = new StringWriter();
        TextReportWriter.Write(report, new SourceTree("/src"), text);
        Assert.Contains("0 open, 1 abandoned (and 47 more not listed) in 2 call site(s)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 (1 abandoned, 44 more not listed)", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OlderRuntime_WithoutTheRecordOfAbandonedScopes_IsSaidInANote()
    {
        LeakReport report = Build([], Options() with { AbandonedBeforeUnknown = true });

        Assert.Equal(Verdicts.Clean, report.Verdict);
        Assert.Contains(report.Notes, n => n.Contains("older than the record of abandoned scopes", StringComparison.Ordinal));
    }

    private static ReportOptions Options() =>
        new(TimeSpan.FromSeconds(1), Endings.Stopped, EventsLost: 0, Authoritative: false, s_now, TimeSpan.FromSeconds(10), Stacks: false, []);

    private static LeakReport Build(List<KnownOpenScope> open, ReportOptions options) =>
        ReportBuilder.Build("monitor", s_target, open, [], options);

    private static KnownOpenScope Open(long id, double ageSeconds) =>
        new(id, new TrackedScope { Site = s_site, Name = "orders", ThreadId = 1, EnteredAtTicks = s_now.UtcDateTime.AddSeconds(-ageSeconds).Ticks }, s_site, ParentId: 0);
}
