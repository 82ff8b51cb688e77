using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Alerts;

/// <summary>
/// Tells whether one of <c>monitor</c>'s alert conditions holds now, from what the session knows:
/// open counts from the target's per-site summaries (exact, young scopes included), ages from the
/// scopes it announced (every scope older than <c>--min-age</c>), growth from the sampled counts.
/// </summary>
internal static class AlertCheck
{
    /// <summary>The first condition that holds (oldest age, then open counts, then growth), or null. The caller holds the tracker's lock.</summary>
    public static ReportedAlert? Evaluate(ScopeTracker tracker, AlertConditions conditions, SourceTree sources, DateTime now, TimeSpan summaryInterval)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (conditions.MaxAge is { } maxAge && tracker.OldestOpen() is { } oldest && now - oldest.Scope.EnteredAt > maxAge)
        {
            return At(
                new ReportedAlert(
                    ReportedAlert.MaxAgeCondition,
                    string.Create(c, $"a {Describe(oldest.Site, sources)} scope has been open {(now - oldest.Scope.EnteredAt).TotalSeconds:0.#} s, over --max-age {maxAge.TotalSeconds:0.###} s."),
                    now),
                oldest.Site);
        }

        foreach (OpenLimit limit in conditions.MaxOpen)
        {
            List<SiteActivity> covered = [.. tracker.Activity.Where(site => limit.Covers(site.Site, sources))];
            long open = covered.Sum(site => site.OpenAt(now, summaryInterval));
            if (open > limit.Max)
            {
                var alert = new ReportedAlert(
                    ReportedAlert.MaxOpenCondition,
                    string.Create(c, $"{open} scopes open {(limit.Kind is null ? "at " + limit.File + ":" + limit.Line.ToString(c) : "of kind " + limit.Kind)}, over --max-open {limit.Text}."),
                    now);
                return covered.Count == 1 ? At(alert, covered[0].Site) : alert;
            }
        }

        if (conditions.FailOnGrowing && tracker.Activity.FirstOrDefault(site => site.GrowingAt(now, summaryInterval)) is { } growing)
        {
            OpenTrend trend = growing.Trend;
            return At(
                new ReportedAlert(
                    ReportedAlert.GrowingCondition,
                    string.Create(c, $"{Describe(growing.Site, sources)} is growing: {trend.Latest} open, {trend.SlopePerMinute:+0.#;-0.#;0} a minute; its lowest open count rose in each third of the last {trend.Rule.Window.TotalSeconds:0.###} s, by {trend.Rule.MinRise} or more."),
                    now),
                growing.Site);
        }

        return null;
    }

    private static string Describe(SiteInfo site, SourceTree sources) =>
        string.Create(CultureInfo.InvariantCulture, $"{site.Kind} at {sources.Display(site.File)}:{site.Line}");

    private static ReportedAlert At(ReportedAlert alert, SiteInfo site) =>
        alert with { Kind = site.Kind, File = site.File, Line = site.Line, Member = site.Member };
}
