using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tests.Model;

public sealed class SiteActivityTests
{
    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4, 5 }, true)]
    [InlineData(new long[] { 1, 1, 2, 2, 3 }, true)]
    [InlineData(new long[] { 1, 2, 3, 2, 5 }, false)]
    [InlineData(new long[] { 4, 4, 4, 4, 4 }, false)]
    [InlineData(new long[] { 1, 2, 3, 4 }, false)]
    public void Growing_MeansTheOpenCountRoseAndNeverFell(long[] openCounts, bool growing)
    {
        var activity = new SiteActivity(new SiteInfo("db-connection", "Orders.cs", 42, "Open"));

        foreach (long open in openCounts)
        {
            activity.Record(open, entered: 10, exited: 9, intervalMs: 1000);
        }

        Assert.Equal(growing, activity.Growing);
        Assert.Equal((10.0, 9.0), (activity.EnteredPerSecond, activity.ExitedPerSecond));
    }
}
