using System.Data.Common;
using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Transactions' outcomes: a watched transaction's probe sees only that it ended (its
/// <c>Connection</c> is null), never how. Where a commit or rollback is itself intercepted
/// (auto-tracking), its scope exits at once with outcome committed or rolled back; the table finds
/// the scope from the transaction without keeping it alive.
/// </summary>
internal sealed partial class ScopeRegistry
{
    private readonly ConditionalWeakTable<DbTransaction, WatchedTransaction> _transactions = new();

    /// <summary>Exits the scope watching <paramref name="transaction"/>, if any, with <paramref name="outcome"/>.</summary>
    public void EndTransaction(DbTransaction transaction, ScopeOutcome outcome)
    {
        if (_transactions.TryGetValue(transaction, out WatchedTransaction? scope))
        {
            _transactions.Remove(transaction);
            Exit(scope.Index, scope.Id, outcome);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RememberTransaction(DbTransaction transaction, ScopeHandle scope) =>
        _transactions.AddOrUpdate(transaction, new WatchedTransaction(scope.Index, scope.Id));

    private sealed record WatchedTransaction(int Index, long Id);
}
