using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// An owner made current by <see cref="Scope.Own"/>: every scope entered on this async flow until it
/// is disposed carries the owner. Disposing restores the owner that was current before.
/// </summary>
public readonly struct ScopeOwnership : IDisposable
{
    private readonly OwnerTable? _table;
    private readonly ScopeOwner? _owner;
    private readonly ScopeOwner? _previous;

    internal ScopeOwnership(OwnerTable table, ScopeOwner owner, ScopeOwner? previous)
    {
        _table = table;
        _owner = owner;
        _previous = previous;
    }

    /// <summary>The owner's kind, such as <c>test</c> or <c>request</c>; empty for a default value.</summary>
    public string Kind => _owner?.Kind ?? string.Empty;

    /// <summary>The owner's name, such as the test's display name; empty for a default value.</summary>
    public string Name => _owner?.Name ?? string.Empty;

    /// <summary>
    /// Restores the owner that was current when this one was set. Does nothing if another owner was set
    /// on this flow since and is still current, or if it was disposed already.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (_table is not null && ReferenceEquals(_table.Current, _owner))
            {
                _table.SetCurrent(_previous);
            }
        }
        catch (Exception ex)
        {
            SelfLog.Write("owner", ex);
        }
    }
}
