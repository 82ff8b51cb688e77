using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TraceFileContents(ScopeTracker Tracker, long EventsRead, long EventsLost, bool Partial, int ProcessId, DateTime? LastEventTime)
{
    /// <summary>LeakScope events that say which scopes were open or closed (<see cref="ScopeEventRouter.EvidenceEvents"/>).</summary>
    public long EvidenceEvents { get; init; }

    /// <summary>The recorded process's name, as 'leakscope ps' would show it, from the command line the runtime wrote; null when the file holds none.</summary>
    public string? ProcessName { get; init; }
}
