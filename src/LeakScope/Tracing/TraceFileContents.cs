using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TraceFileContents(ScopeTracker Tracker, long EventsRead, long EventsLost, bool Partial, int ProcessId, DateTime? LastEventTime);
