using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// An owner made current by <see cref="Scope.Own"/>: every scope entered on this async flow until it
/// is disposed carries the owner. Disposing restores the owner that was current before.
/// </summary>
public readonly struct ScopeOwnership : IDisposable
{
    private readonly OwnerTable? _table;
    private readonly OwnerFrame? _frame;

    internal ScopeOwnership(OwnerTable table, OwnerFrame frame)
    {
        _table = table;
        _frame = frame;
    }

    /// <summary>The owner's kind, such as <c>test</c> or <c>request</c>; empty for a default value.</summary>
    public string Kind => _frame?.Owner.Kind ?? string.Empty;

    /// <summary>The owner's name, such as the test's display name; empty for a default value.</summary>
    public string Name => _frame?.Owner.Name ?? string.Empty;

    /// <summary>
    /// Ends this owner: nothing entered after is its, wherever it is disposed. On this flow the owner
    /// current before comes back, unless it was disposed too (then the one before it); disposed out
    /// of order, before an owner set after it, this one is skipped when that one is disposed.
    /// Disposing again does nothing.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (_table is not null && _frame is not null)
            {
                _table.End(_frame);
            }
        }
        catch (Exception ex)
        {
            SelfLog.Write("owner", ex);
        }
    }
}
