using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The text report's "Exits" lines: per call site, how the scopes the session saw exit ended
/// (docs/report-format.md#exits), most exits first; <c>monitor</c> and <c>report</c> only.
/// </summary>
internal static class TextExitsSection
{
    /// <summary>Sites listed; JSON lists every one.</summary>
    public const int MaxSites = 50;

    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        List<ReportedSite> sites = [.. (report.Sites ?? []).Where(site => site.Exits is not null).OrderByDescending(site => site.Exits!.Count)];
        if (report.ExitsSeen is not { } seen || sites.Count == 0)
        {
            return;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(seen == ExitsSeenValues.All
            ? "Exits (every exit seen, by outcome):"
            : "Exits (only of scopes open longer than the announce threshold or listed by a snapshot; --all-events counts every exit):");
        foreach (ReportedSite site in sites.Take(MaxSites))
        {
            output.WriteLine(string.Create(c, $"  {DisplayText.Escape(site.Kind)} at {DisplayText.Escape(sources.Display(site.File))}:{site.Line} ({DisplayText.Escape(site.Member)}): {site.Exits!.Describe(text => DisplayText.Escape(text))}"));
        }

        if (sites.Count > MaxSites)
        {
            output.WriteLine(string.Create(c, $"  {sites.Count - MaxSites} more call site(s) with exits; --format json lists every one."));
        }
    }
}
