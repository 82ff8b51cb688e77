namespace LeakScope.Cli.Model;

/// <summary>An open scope as the tracker hands it out: its id, its fields, its resolved site, parent, owner (null: unowned) and enclosing scopes (null: none known).</summary>
internal readonly record struct KnownOpenScope(long Id, TrackedScope Scope, SiteInfo Site, long ParentId, OwnerInfo? Owner = null, IReadOnlyList<ParentInfo>? Parents = null);
