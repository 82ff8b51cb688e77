namespace LeakScope.Cli.Model;

/// <summary>One call site's open scopes over a <see cref="TimelineView"/>; <see cref="SiteTimeline.Unknown"/> before its series began.</summary>
internal sealed record TimelineSeries(SiteInfo Site, long[] Values);
