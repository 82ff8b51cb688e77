namespace LeakScope.Cli.Model;

/// <summary>
/// Per call site, how the scopes a session saw exit ended. A tracker counts an exit when it closes
/// a scope it knew open, so an exit seen twice (in full mode a described scope's <c>ScopeExited</c>
/// and its exit record, docs/events.md) counts once, and exits of scopes never known count nowhere.
/// </summary>
/// <remarks>
/// Full-mode records name their site by id, and a session that joins while the target's threads have
/// batches buffered receives those batches before its snapshot defines their sites again: their exits
/// are kept by site id until the definition comes, and only those never defined show as one unknown site.
/// </remarks>
internal sealed class ExitOutcomes
{
    /// <summary>Sites known only by id kept apart at once; exits of further ones count as unknown at once (ids come from the target).</summary>
    public const int MaxUndefinedSites = 10_000;

    private static readonly SiteInfo s_unknown = new("unknown", string.Empty, 0, string.Empty);

    private readonly Dictionary<SiteInfo, SiteExits> _bySite = [];
    private readonly Dictionary<int, SiteExits> _byUndefinedSite = [];
    private SiteExits? _undefinedOverflow;

    /// <summary>The sites with at least one exit counted; those whose definition never came, as one unknown site.</summary>
    public IReadOnlyCollection<SiteExits> Sites
    {
        get
        {
            if (_byUndefinedSite.Count == 0 && _undefinedOverflow is null)
            {
                return _bySite.Values;
            }

            // Reports key sites by kind, file, line and member: every unknown one is folded into one.
            var unknown = new SiteExits(s_unknown);
            var sites = new List<SiteExits>(_bySite.Count + 1);
            foreach (SiteExits site in _bySite.Values)
            {
                if (site.Site.Key == s_unknown.Key)
                {
                    unknown.AddFrom(site);
                }
                else
                {
                    sites.Add(site);
                }
            }

            foreach (SiteExits pending in _byUndefinedSite.Values)
            {
                unknown.AddFrom(pending);
            }

            if (_undefinedOverflow is not null)
            {
                unknown.AddFrom(_undefinedOverflow);
            }

            sites.Add(unknown);
            return sites;
        }
    }

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

    /// <summary>Counts exits of a site whose definition has not come (yet); <see cref="Define"/> moves them to it.</summary>
    public void CountUndefined(int siteId, int outcome, string exceptionType, long times = 1)
    {
        if (!_byUndefinedSite.TryGetValue(siteId, out SiteExits? exits))
        {
            if (_byUndefinedSite.Count >= MaxUndefinedSites)
            {
                exits = _undefinedOverflow ??= new SiteExits(s_unknown);
            }
            else
            {
                exits = new SiteExits(s_unknown);
                _byUndefinedSite[siteId] = exits;
            }
        }

        exits.Add(outcome, exceptionType, times);
        Total += times;
    }

    /// <summary>A site's definition came: the exits counted by its id so far are its own.</summary>
    public void Define(int siteId, SiteInfo site)
    {
        if (_byUndefinedSite.Count > 0 && _byUndefinedSite.Remove(siteId, out SiteExits? pending))
        {
            if (!_bySite.TryGetValue(site, out SiteExits? exits))
            {
                exits = new SiteExits(site);
                _bySite[site] = exits;
            }

            exits.AddFrom(pending);
        }
    }
}
