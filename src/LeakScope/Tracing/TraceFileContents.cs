using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TraceFileContents(ScopeTracker Tracker, long EventsRead, long EventsLost, bool Partial, int ProcessId, DateTime? LastEventTime)
{
    /// <summary>LeakScope events that say which scopes were open or closed (<see cref="ScopeEventRouter.EvidenceEvents"/>).</summary>
    public long EvidenceEvents { get; init; }

    /// <summary>Enter and exit records of full-mode batches: when there are any, the recording saw every exit (<c>collect --all-events</c>).</summary>
    public long RecordsRead { get; init; }

    /// <summary>The recorded process's name, as 'leakscope ps' would show it, from the command line the runtime wrote; null when the file holds none.</summary>
    public string? ProcessName { get; init; }
}
