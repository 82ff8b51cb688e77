using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Builds a report's <c>sites</c>: per call site the scopes open at the end, in fixed age buckets, in
/// one pass over them (a count per site and bucket, never a list of ages); with <c>monitor</c>'s
/// sampled activity, each site's slope and growth too; with the exits a session saw, how they ended.
/// </summary>
internal static class SiteOverview
{
    /// <param name="open">The scopes open at the end.</param>
    /// <param name="now">The time ages are measured at.</param>
    /// <param name="activity"><c>monitor</c>: the sites' sampled activity, with the interval the summaries were asked for.</param>
    /// <param name="exits"><c>monitor</c>, <c>report</c>: per site, how the scopes seen exiting ended.</param>
    public static List<ReportedSite> Of(IReadOnlyList<KnownOpenScope> open, DateTime now, (IReadOnlyCollection<SiteActivity> Sites, TimeSpan SummaryInterval)? activity = null, IReadOnlyCollection<SiteExits>? exits = null)
    {
        var bySite = new Dictionary<(string Kind, string File, int Line, string Member), Ages>();
        for (int i = 0; i < open.Count; i++)
        {
            KnownOpenScope scope = open[i];
            if (!bySite.TryGetValue(scope.Site.Key, out Ages? ages))
            {
                ages = new Ages();
                bySite[scope.Site.Key] = ages;
            }

            ages.Add(Math.Max((now - scope.Scope.EnteredAt).TotalSeconds, 0));
        }

        var trends = new Dictionary<(string Kind, string File, int Line, string Member), SiteActivity>();
        foreach (SiteActivity site in activity?.Sites ?? [])
        {
            trends[site.Site.Key] = site;
            if (!bySite.ContainsKey(site.Site.Key))
            {
                bySite[site.Site.Key] = new Ages();
            }
        }

        var exited = new Dictionary<(string Kind, string File, int Line, string Member), SiteExits>();
        foreach (SiteExits site in exits ?? [])
        {
            exited[site.Site.Key] = site;
            bySite.TryAdd(site.Site.Key, new Ages());
        }

        return bySite
            .Select(site =>
            {
                var reported = new ReportedSite(
                    site.Key.Kind,
                    site.Key.File,
                    site.Key.Line,
                    site.Key.Member,
                    site.Value.Count,
                    Math.Round(site.Value.Oldest, 3),
                    [.. AgeBucket.Bounds.Select((bound, i) => new AgeBucket(bound, site.Value.Buckets[i]))]);
                if (exited.TryGetValue(site.Key, out SiteExits? ended))
                {
                    reported = reported with { Exits = ReportedExits.Of(ended) };
                }

                return trends.TryGetValue(site.Key, out SiteActivity? sampled)
                    ? reported with
                    {
                        SlopePerMinute = Math.Round(sampled.Trend.SlopePerMinute, 3),
                        SampledSeconds = Math.Round(sampled.Trend.Observed.TotalSeconds, 3),
                        Growing = sampled.GrowingAt(now, activity!.Value.SummaryInterval),
                    }
                    : reported;
            })
            .OrderByDescending(site => site.Open)
            .ThenBy(site => site.File, StringComparer.Ordinal)
            .ThenBy(site => site.Line)
            .ToList();
    }

    /// <summary>
    /// <c>check</c>: per call site, its leaks still open when their process ended (abandoned ones are
    /// no longer open), by the age they had then; no trend, as <c>check</c> samples no open counts.
    /// </summary>
    public static List<ReportedSite> OfOpenLeaks(IEnumerable<ReportedLeak> leaks) =>
        [.. leaks
            .Where(leak => leak.State == "open")
            .GroupBy(leak => (leak.Kind, leak.File, leak.Line, leak.Member))
            .Select(site =>
            {
                var ages = new Ages();
                foreach (ReportedLeak leak in site)
                {
                    ages.Add(leak.AgeSeconds);
                }

                return new ReportedSite(site.Key.Kind, site.Key.File, site.Key.Line, site.Key.Member, ages.Count, Math.Round(ages.Oldest, 3), [.. AgeBucket.Bounds.Select((bound, i) => new AgeBucket(bound, ages.Buckets[i]))]);
            })
            .OrderByDescending(site => site.Open)
            .ThenBy(site => site.File, StringComparer.Ordinal)
            .ThenBy(site => site.Line)];

    private sealed class Ages
    {
        public long[] Buckets { get; } = new long[AgeBucket.Bounds.Count];

        public long Count { get; private set; }

        public double Oldest { get; private set; }

        public void Add(double ageSeconds)
        {
            Buckets[AgeBucket.IndexOf(ageSeconds)]++;
            Count++;
            Oldest = Math.Max(Oldest, ageSeconds);
        }
    }
}
