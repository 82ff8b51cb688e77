namespace LeakScope.Cli.Model;

/// <summary>
/// Per call site, how the scopes a session saw exit ended. A tracker counts an exit when it closes
/// a scope it knew open, so an exit seen twice (in full mode a described scope's <c>ScopeExited</c>
/// and its exit record, docs/events.md) counts once, and exits of scopes never known count nowhere.
/// </summary>
internal sealed class ExitOutcomes
{
    private readonly Dictionary<SiteInfo, SiteExits> _bySite = [];

    /// <summary>The sites with at least one exit counted.</summary>
    public IReadOnlyCollection<SiteExits> Sites => _bySite.Values;

    public long Total { get; private set; }

    /// <summary>Counts <paramref name="times"/> exits of <paramref name="site"/> with one outcome.</summary>
    public void Count(SiteInfo site, int outcome, string exceptionType, long times = 1)
    {
        if (!_bySite.TryGetValue(site, out SiteExits? exits))
        {
            exits = new SiteExits(site);
            _bySite[site] = exits;
        }

        exits.Add(outcome, exceptionType, times);
        Total += times;
    }
}
