using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TraceFileContents(ScopeTracker Tracker, long EventsRead, long EventsLost, bool Partial, int ProcessId, DateTime? LastEventTime)
{
    /// <summary>LeakScope events that say which scopes were open or closed (<see cref="ScopeEventRouter.EvidenceEvents"/>).</summary>
    public long EvidenceEvents { get; init; }
}
