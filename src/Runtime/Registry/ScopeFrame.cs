namespace LeakScope.Registry;

/// <summary>
/// The innermost open scope on an async flow, kept in an AsyncLocal while parents are tracked. It also
/// remembers what its children need to name it as a parent (site, name, its own parent's link), so a
/// chain can be interned once the scope has exited.
/// </summary>
internal sealed class ScopeFrame(int index, long id, ScopeFrame? parent, int siteId, string? name, int parentLinkId)
{
    public int Index { get; } = index;
    public long Id { get; } = id;
    public ScopeFrame? Parent { get; } = parent;
    public int SiteId { get; } = siteId;
    public string? Name { get; } = name;

    /// <summary>The link of this scope's own parent (0: none).</summary>
    public int ParentLinkId { get; } = parentLinkId;

    /// <summary>This scope's link as a parent, made at its first child (<see cref="ParentTable.LinkOf"/>); 0 until then.</summary>
    public int LinkId { get; set; }
}
