using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

/// <summary>What one snapshot session learnt: open scopes, abandoned ones listed and counted, and what it lost.</summary>
internal sealed record TakenSnapshot(
    List<KnownOpenScope> Open,
    List<ClosedScope> Abandoned,
    long EventsLost)
{
    /// <summary>Per call site, abandoned scopes known by count only (<see cref="ScopeTracker.CountOnlyAbandoned"/>).</summary>
    public Dictionary<SiteInfo, long> CountOnlyAbandoned { get; init; } = [];

    /// <summary>The runtime did not list scopes abandoned before the session: an older LeakScope.Runtime.</summary>
    public bool AbandonedBeforeUnknown { get; init; }
}
