using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Model;

public sealed class OpenTrendTests
{
    private static readonly DateTime s_start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly GrowthRule s_rule = new(TimeSpan.FromSeconds(60), MinRise: 5);

    [Fact]
    public void SteadyLeak_IsGrowing_OnceAWholeWindowIsSampled()
    {
        var trend = new OpenTrend(s_rule);

        // One more open scope every 2 s, sampled every second.
        for (int second = 0; second < 60; second++)
        {
            trend.Add(s_start.AddSeconds(second), second / 2);
            Assert.False(trend.Growing, $"growing after {second} s, before a whole window");
        }

        trend.Add(s_start.AddSeconds(60), 30);
        Assert.True(trend.Growing);
        Assert.Equal(30, trend.SlopePerMinute, precision: 0);
    }

    [Fact]
    public void SawtoothPool_ReturningToItsBase_IsNotGrowing()
    {
        var trend = new OpenTrend(s_rule);

        // Fills to 40 over 10 s, then drains back to 2, for five minutes.
        for (int second = 0; second < 300; second++)
        {
            trend.Add(s_start.AddSeconds(second), 2 + (4 * (second % 10)));
            Assert.False(trend.Growing, $"growing at {second} s");
        }

        Assert.Equal(0, trend.SlopePerMinute, precision: 0);
    }

    [Fact]
    public void PoolWarmingUp_ThenFlat_IsNotGrowing_OnceTheWarmUpLeftTheWindow()
    {
        var trend = new OpenTrend(s_rule);

        // Rises to 20 over the first 15 s, then stays there with some noise.
        var grew = new List<int>();
        for (int second = 0; second < 180; second++)
        {
            trend.Add(s_start.AddSeconds(second), second < 15 ? second * 20 / 15 : 20 - (second % 3));
            if (trend.Growing)
            {
                grew.Add(second);
            }
        }

        Assert.Empty(grew);
    }

    [Fact]
    public void NoisyFlatSite_IsNotGrowing()
    {
        var trend = new OpenTrend(s_rule);
        var random = new Random(7);

        for (int second = 0; second < 600; second++)
        {
            trend.Add(s_start.AddSeconds(second), 50 + random.Next(-10, 11));
            Assert.False(trend.Growing, $"growing at {second} s");
        }
    }

    [Fact]
    public void RiseBelowTheMinimum_IsNotGrowing()
    {
        var trend = new OpenTrend(s_rule);

        // Rises by one every 20 s: the floor climbs in each third, but by 3 over the window.
        for (int second = 0; second <= 60; second++)
        {
            trend.Add(s_start.AddSeconds(second), second / 20);
        }

        Assert.False(trend.Growing);
        Assert.True(trend.SlopePerMinute > 0);
    }

    [Fact]
    public void LeakInsideASawtooth_RaisesItsFloor_AndIsGrowing()
    {
        var trend = new OpenTrend(s_rule);

        // A pool that drains to a base rising by one every 2 s: connections that never return.
        for (int second = 0; second <= 60; second++)
        {
            trend.Add(s_start.AddSeconds(second), (second / 2) + (4 * (second % 5)));
        }

        Assert.True(trend.Growing);
    }

    [Fact]
    public void Slope_IsZero_BeforeTwoSamples_AndCountsScopesPerMinute()
    {
        var trend = new OpenTrend(s_rule);
        Assert.Equal(0, trend.SlopePerMinute);

        trend.Add(s_start, 10);
        Assert.Equal(0, trend.SlopePerMinute);

        trend.Add(s_start.AddSeconds(30), 4);
        Assert.Equal(-12, trend.SlopePerMinute, precision: 6);
        Assert.Equal(TimeSpan.FromSeconds(30), trend.Observed);
    }

    [Fact]
    public void Samples_OutsideTheWindow_AreNotKept()
    {
        var trend = new OpenTrend(new GrowthRule(TimeSpan.FromSeconds(6), MinRise: 1));

        // A climb long ago, flat since: the window sees only the flat part.
        for (int second = 0; second < 100; second++)
        {
            trend.Add(s_start.AddSeconds(second), Math.Min(second, 50));
        }

        Assert.False(trend.Growing);
        Assert.True(trend.SlopePerMinute > 0);
    }
}
