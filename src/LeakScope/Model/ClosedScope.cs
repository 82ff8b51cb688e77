namespace LeakScope.Cli.Model;

/// <summary>A scope that left the target's registry without exiting: its owner was garbage-collected.</summary>
internal sealed record ClosedScope(long Id, SiteInfo Site, string Name, int ThreadId, long ParentId, DateTime EnteredAt, DateTime AbandonedAt, OwnerInfo? Owner = null);
