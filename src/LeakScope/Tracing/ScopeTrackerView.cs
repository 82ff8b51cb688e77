using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

/// <summary>What a report needs from a tracker, read under its lock in one go.</summary>
internal sealed record ScopeTrackerView(List<KnownOpenScope> Open, List<ClosedScope> Abandoned, bool AnySnapshot, bool HasClosingSnapshot)
{
    /// <summary>Per call site, abandoned scopes known by count only.</summary>
    public Dictionary<SiteInfo, long> CountOnlyAbandoned { get; init; } = [];

    /// <summary>The recorded runtime did not list scopes abandoned before the recording: an older LeakScope.Runtime.</summary>
    public bool AbandonedBeforeUnknown { get; init; }

    /// <summary>The open scopes: exactly those of the closing snapshot when there is one.</summary>
    public static ScopeTrackerView Of(ScopeTracker tracker)
    {
        lock (tracker.Sync)
        {
            return new ScopeTrackerView(
                tracker.OpenScopesIn(tracker.ClosingSnapshot),
                [.. tracker.Abandoned],
                tracker.AnySnapshotCompleted,
                tracker.ClosingSnapshot is not null)
            {
                CountOnlyAbandoned = tracker.CountOnlyAbandoned(),
                AbandonedBeforeUnknown = tracker.RecordsAbandoned == false,
            };
        }
    }
}
