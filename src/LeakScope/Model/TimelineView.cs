namespace LeakScope.Cli.Model;

/// <summary>
/// A <see cref="SiteTimeline"/> frozen for a report: point <c>i</c> covers
/// [<see cref="Origin"/> + i × <see cref="Step"/>, + <see cref="Step"/>) and holds the open count at its end.
/// </summary>
/// <param name="Origin">When the first summary came (the target's clock, UTC).</param>
/// <param name="Step">The time each point covers.</param>
/// <param name="Points">How many points every series has.</param>
/// <param name="Series">Sites with a series of their own.</param>
/// <param name="Other">The other sites' open scopes summed, point by point; null when there are none.</param>
/// <param name="OtherSites">How many sites <paramref name="Other"/> sums.</param>
internal sealed record TimelineView(DateTime Origin, TimeSpan Step, int Points, IReadOnlyList<TimelineSeries> Series, long[]? Other, int OtherSites);
