namespace LeakScope.Cli.Tracing;

/// <summary>The count of events lost, as the trace machinery reports it.</summary>
internal static class EventLoss
{
    /// <summary>
    /// TraceEvent sums EventPipe's unsigned per-buffer drop counts into an <see cref="int"/>, which wraps
    /// negative under heavy loss; read back as the unsigned count, any loss stays a loss.
    /// </summary>
    public static long FromTraceEvent(int reported) => reported >= 0 ? reported : (uint)reported;
}
