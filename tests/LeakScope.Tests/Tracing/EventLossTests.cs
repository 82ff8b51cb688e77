using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Tracing;

public sealed class EventLossTests
{
    [Theory]
    [InlineData(0, 0L)]
    [InlineData(17, 17L)]
    [InlineData(-2147400898, 2147566398L)]
    [InlineData(int.MinValue, 2147483648L)]
    [InlineData(-1, 4294967295L)]
    public void FromTraceEvent_AWrappedCount_IsStillALoss(int reported, long lost) =>
        Assert.Equal(lost, EventLoss.FromTraceEvent(reported));
}
