using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TakenSnapshot(
    List<(long Id, TrackedScope Scope, SiteInfo Site)> Open,
    List<ClosedScope> Abandoned,
    long EventsLost);
