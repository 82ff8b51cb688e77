namespace LeakScope.Registry;

/// <summary>The innermost open scope on an async flow, kept in an AsyncLocal while parents are tracked.</summary>
internal sealed class ScopeFrame(int index, long id, ScopeFrame? parent)
{
    public int Index { get; } = index;
    public long Id { get; } = id;
    public ScopeFrame? Parent { get; } = parent;
}
