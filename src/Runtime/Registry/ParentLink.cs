using LeakScope.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// One enclosing scope as its children remember it: its call site, its name and the link of the scope
/// that enclosed it in turn, interned (<see cref="ParentTable"/>) so that an open scope stores only the
/// id of its innermost parent and the whole chain outlives the parents' exits.
/// </summary>
internal sealed class ParentLink(int id, CallSite site, ParentName? name, ParentLink? outer)
{
    public int Id { get; } = id;

    public CallSite Site { get; } = site;

    /// <summary>The parent's name as far as any writer shows it (null for none); writers format it with <see cref="FormatName"/>.</summary>
    public string? Name { get; } = name?.Text;

    /// <summary>The link of the scope that enclosed this parent; null at the outermost.</summary>
    public ParentLink? Outer { get; } = outer;

    private string? LongNameHash { get; } = name?.Hash;

    /// <summary>The name as <see cref="NameFormatter.Format"/> gives the whole name a session's settings ask for.</summary>
    public string FormatName(NameMode mode, int maxLength) =>
        mode == NameMode.Hash && LongNameHash is not null ? LongNameHash : NameFormatter.Format(Name, mode, maxLength);
}
