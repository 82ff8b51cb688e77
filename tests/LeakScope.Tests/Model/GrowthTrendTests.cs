using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Model;

public sealed class GrowthTrendTests
{
    [Theory]
    [InlineData(new long[] { 10, 20, 30, 40, 50, 60 }, GrowthTrend.Growing)]
    [InlineData(new long[] { 10, 10, 11, 12, 12, 13 }, GrowthTrend.Flat)]
    [InlineData(new long[] { -1, -1, 5, 7, 9, 11, 13, 15 }, GrowthTrend.Growing)]
    [InlineData(new long[] { 0, 5, 10, 15, 15, 15, 15, 15, 15 }, GrowthTrend.Flat)]
    [InlineData(new long[] { 0, 4, 8, 1, 5, 9, 2, 6, 10 }, GrowthTrend.Flat)]
    [InlineData(new long[] { 3, 3, 3, 3, 3, 3 }, GrowthTrend.Flat)]
    [InlineData(new long[] { 0, 9, 1, 8, 2, 9, 0, 8 }, GrowthTrend.Flat)]
    [InlineData(new long[] { 60, 50, 40, 30, 20, 10 }, GrowthTrend.Falling)]
    [InlineData(new long[] { 1, 2, 3, 4 }, GrowthTrend.TooShort)]
    [InlineData(new long[] { -1, -1, 1, 2, 3, 4 }, GrowthTrend.TooShort)]
    public void Verdict_IsMonitorsGrowthRule_OverTheWholeTimeline(long[] values, string verdict) =>
        Assert.Equal(verdict, GrowthTrend.Of(values, TimeSpan.FromSeconds(1)).Verdict);

    [Fact]
    public void Slope_IsInScopesPerMinute() =>
        Assert.Equal(30, GrowthTrend.Of([0, 1, 2, 3, 4, 5], TimeSpan.FromSeconds(2)).SlopePerMinute, precision: 6);
}
