using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

internal sealed record TakenSnapshot(
    List<KnownOpenScope> Open,
    List<ClosedScope> Abandoned,
    long EventsLost);
