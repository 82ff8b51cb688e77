using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Model;

public sealed class SiteActivityTests
{
    private static readonly DateTime s_start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void Growing_FollowsTheTrend_UntilTheSiteGoesQuiet()
    {
        var activity = new SiteActivity(new SiteInfo("db-connection", "Orders.cs", 42, "Open"), new GrowthRule(TimeSpan.FromSeconds(6), MinRise: 3));

        for (int i = 0; i <= 6; i++)
        {
            activity.Record(i, entered: 1, exited: 0, intervalMs: 1000, s_start.AddSeconds(i));
        }

        Assert.True(activity.GrowingAt(s_start.AddSeconds(6), s_interval));
        Assert.Equal(6, activity.OpenAt(s_start.AddSeconds(6), s_interval));

        // No summary: nothing is open there any more.
        Assert.False(activity.GrowingAt(s_start.AddSeconds(10), s_interval));
        Assert.Equal(0, activity.OpenAt(s_start.AddSeconds(10), s_interval));
    }

    [Fact]
    public void Rates_AreTheLastSummarysCountsPerSecond_WhileItIsCurrent()
    {
        SiteActivity activity = NewActivity();

        activity.Record(openNow: 0, entered: 500, exited: 250, intervalMs: 500, s_start);

        Assert.Equal((1000.0, 500.0), activity.RatesAt(s_start, s_interval));
        Assert.Equal((1000.0, 500.0), activity.RatesAt(s_start + (2 * s_interval), s_interval));
    }

    [Fact]
    public void Rates_FallToZero_WhenNoSummaryCameForTheSite()
    {
        SiteActivity activity = NewActivity();

        // Active at start-up only: the runtime sends nothing for the site afterwards.
        activity.Record(openNow: 0, entered: 1000, exited: 1000, intervalMs: 1000, s_start);

        Assert.Equal((0.0, 0.0), activity.RatesAt(s_start + (2 * s_interval) + TimeSpan.FromMilliseconds(1), s_interval));
        Assert.Equal((0.0, 0.0), activity.RatesAt(s_start + TimeSpan.FromMinutes(10), s_interval));
    }

    [Fact]
    public void Rates_FollowTheNewestSummary_AndAQuietIntervalReportsZero()
    {
        SiteActivity activity = NewActivity();

        activity.Record(openNow: 3, entered: 100, exited: 97, intervalMs: 1000, s_start);
        activity.Record(openNow: 3, entered: 0, exited: 0, intervalMs: 1000, s_start + s_interval);

        // A site with scopes open is summarized every interval, with zero counts when quiet.
        Assert.Equal((0.0, 0.0), activity.RatesAt(s_start + s_interval, s_interval));
        Assert.Equal(3, activity.OpenNow);
    }

    [Fact]
    public void Rates_ScaleWithTheAskedInterval()
    {
        SiteActivity activity = NewActivity();

        activity.Record(openNow: 0, entered: 20, exited: 20, intervalMs: 5000, s_start);

        TimeSpan later = TimeSpan.FromSeconds(8);
        Assert.Equal((4.0, 4.0), activity.RatesAt(s_start + later, TimeSpan.FromSeconds(5)));
        Assert.Equal((0.0, 0.0), activity.RatesAt(s_start + later, s_interval));
    }

    private static SiteActivity NewActivity() => new(new SiteInfo("db-connection", "Orders.cs", 42, "Open"));
}
