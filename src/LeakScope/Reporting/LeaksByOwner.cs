using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// A report's leaks counted per owner (a test, a request) and per call site within it, for the text
/// and Markdown reports: the first question after "where" is "for whom". Empty when no leak has an
/// owner, so reports of targets that never call <c>Scope.Own</c> look as before.
/// </summary>
internal sealed record LeaksByOwner(OwnerInfo? Owner, int Count, IReadOnlyList<(ReportedLeak Example, int Count)> Sites)
{
    /// <summary>What a leak entered where no owner flowed is listed under.</summary>
    public const string UnownedLabel = "unowned";

    /// <summary>Owners with leaks, most leaks first, unowned last; empty when no leak has an owner.</summary>
    public static IReadOnlyList<LeaksByOwner> Of(IReadOnlyList<ReportedLeak> leaks)
    {
        var byOwner = new Dictionary<OwnerInfo, Dictionary<(string, string, int), (ReportedLeak Example, int Count)>>();
        var unowned = new Dictionary<(string, string, int), (ReportedLeak Example, int Count)>();
        foreach (ReportedLeak leak in leaks)
        {
            Dictionary<(string, string, int), (ReportedLeak Example, int Count)> sites = leak.Owner is { } owner
                ? byOwner.TryGetValue(owner, out var known) ? known : byOwner[owner] = []
                : unowned;
            var key = (leak.Kind, leak.File, leak.Line);
            sites[key] = sites.TryGetValue(key, out var site) ? (site.Example, site.Count + 1) : (leak, 1);
        }

        if (byOwner.Count == 0)
        {
            return [];
        }

        var result = byOwner
            .Select(pair => Summarize(pair.Key, pair.Value))
            .OrderByDescending(owner => owner.Count)
            .ThenBy(owner => owner.Owner!.Kind, StringComparer.Ordinal)
            .ThenBy(owner => owner.Owner!.Name, StringComparer.Ordinal)
            .ToList();
        if (unowned.Count > 0)
        {
            result.Add(Summarize(null, unowned));
        }

        return result;
    }

    private static LeaksByOwner Summarize(OwnerInfo? owner, Dictionary<(string, string, int), (ReportedLeak Example, int Count)> sites) =>
        new(owner, sites.Values.Sum(site => site.Count), [.. sites.Values.OrderByDescending(site => site.Count).ThenBy(site => site.Example.File, StringComparer.Ordinal).ThenBy(site => site.Example.Line)]);
}
