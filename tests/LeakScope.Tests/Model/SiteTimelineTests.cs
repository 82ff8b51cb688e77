using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Model;

public sealed class SiteTimelineTests
{
    private static readonly DateTime s_start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Points_HoldTheLastSummaryOfTheirInterval_AndCarryItForwardThroughSilence()
    {
        var timeline = new SiteTimeline();
        var site = new SiteInfo("db", "A.cs", 1, "M");
        var other = new SiteInfo("db", "B.cs", 2, "M");

        timeline.Record(site, s_start, 1);
        timeline.Record(site, s_start.AddSeconds(0.5), 2);
        timeline.Record(site, s_start.AddSeconds(3.2), 5);
        timeline.Record(other, s_start.AddSeconds(4.1), 7);

        TimelineView view = timeline.Freeze()!;
        Assert.Equal(5, view.Points);
        Assert.Equal([2, 2, 2, 5, 5], Series(view, site));

        // A site the summaries never named before had nothing open: the runtime names every site with scopes open.
        Assert.Equal([0, 0, 0, 0, 7], Series(view, other));
    }

    [Fact]
    public void AFullGrid_DoublesItsStep_KeepingTheCountAtTheEndOfEachMergedInterval()
    {
        var timeline = new SiteTimeline(maxPoints: 4);
        var site = new SiteInfo("db", "A.cs", 1, "M");

        for (int second = 0; second < 6; second++)
        {
            timeline.Record(site, s_start.AddSeconds(second), second * 10);
        }

        TimelineView view = timeline.Freeze()!;
        Assert.Equal(TimeSpan.FromSeconds(2), view.Step);
        Assert.Equal([10, 30, 50], Series(view, site));
    }

    [Fact]
    public void AnHourOfTwoThousandSites_StaysWithinItsBounds_AndTheSumStaysExact()
    {
        var timeline = new SiteTimeline();
        var sites = Enumerable.Range(0, 2_000).Select(i => new SiteInfo("kind", $"S{i}.cs", i, "M")).ToArray();
        var levels = new long[sites.Length];
        var random = new Random(11);
        for (int second = 0; second < 3600; second++)
        {
            // A tenth of the sites report each second; the last one leaks steadily from the middle of the hour.
            for (int i = second % 10; i < sites.Length - 1; i += 10)
            {
                levels[i] = random.Next(0, 20);
                timeline.Record(sites[i], s_start.AddSeconds(second), levels[i]);
            }

            if (second >= 1800)
            {
                levels[^1] = second - 1800 + 1;
                timeline.Record(sites[^1], s_start.AddSeconds(second), levels[^1]);
            }
        }

        TimelineView view = timeline.Freeze()!;
        Assert.True(view.Points <= SiteTimeline.DefaultMaxPoints, $"{view.Points} points");
        Assert.Equal(SiteTimeline.DefaultMaxSites, view.Series.Count);
        Assert.Equal(sites.Length - SiteTimeline.DefaultMaxSites, view.OtherSites);
        Assert.Equal(levels.Sum(), view.Series.Sum(series => series.Values[^1]) + view.Other![^1]);

        // The leaking site came late, but has more open than any other: it has a series of its own, unknown before it took a place.
        long[] leak = Series(view, sites[^1]);
        Assert.Equal(levels[^1], leak[^1]);
        Assert.Equal(SiteTimeline.Unknown, leak[0]);
    }

    [Fact]
    public void NoSummary_NoTimeline() => Assert.Null(new SiteTimeline().Freeze());

    private static long[] Series(TimelineView view, SiteInfo site) => view.Series.Single(series => series.Site == site).Values;
}
