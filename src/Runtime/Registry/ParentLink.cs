namespace LeakScope.Registry;

/// <summary>
/// One enclosing scope as its children remember it: its call site, its name and the link of the scope
/// that enclosed it in turn, interned (<see cref="ParentTable"/>) so that an open scope stores only the
/// id of its innermost parent and the whole chain outlives the parents' exits.
/// </summary>
internal sealed class ParentLink(int id, CallSite site, string? name, ParentLink? outer)
{
    public int Id { get; } = id;

    public CallSite Site { get; } = site;

    /// <summary>The parent's name as entered (null for none); writers format it as sessions ask.</summary>
    public string? Name { get; } = name;

    /// <summary>The link of the scope that enclosed this parent; null at the outermost.</summary>
    public ParentLink? Outer { get; } = outer;
}
