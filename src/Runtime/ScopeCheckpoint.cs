namespace LeakScope;

/// <summary>
/// The scopes open at one moment, from <see cref="Scope.Checkpoint"/>, so that a test can ignore
/// them and check only for scopes it leaked itself (like goleak's <c>IgnoreCurrent</c>).
/// </summary>
public sealed class ScopeCheckpoint
{
    private readonly HashSet<long> _openIds;

    internal ScopeCheckpoint(HashSet<long> openIds) => _openIds = openIds;

    /// <summary>How many scopes were open at the checkpoint.</summary>
    public int OpenCount => _openIds.Count;

    internal bool WasOpen(long id) => _openIds.Contains(id);
}
