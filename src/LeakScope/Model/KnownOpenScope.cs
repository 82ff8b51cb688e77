namespace LeakScope.Cli.Model;

/// <summary>An open scope as the tracker hands it out: its id, its fields, its resolved site, parent and owner (null: unowned).</summary>
internal readonly record struct KnownOpenScope(long Id, TrackedScope Scope, SiteInfo Site, long ParentId, OwnerInfo? Owner = null);
