using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Alerts;

/// <summary>
/// One <c>--max-open SITE_OR_KIND=N</c>: more than <see cref="Max"/> scopes open at a call site
/// (<c>path:line</c>, the path relative to the source root as text reports show it, or any trailing
/// part of it after a '/'), or of a kind, summed over its sites.
/// </summary>
internal sealed record OpenLimit(string Text, string? Kind, string? File, int Line, long Max)
{
    public const string Form = "--max-open takes SITE=N or KIND=N (SITE as path:line relative to the source root, N a whole number)";

    public static bool TryParse(string text, out OpenLimit? limit)
    {
        limit = null;
        int equals = text.LastIndexOf('=');
        if (equals <= 0 || !long.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long max))
        {
            return false;
        }

        string subject = text[..equals];
        int colon = subject.LastIndexOf(':');
        if (colon > 0 && int.TryParse(subject.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line))
        {
            if (line <= 0)
            {
                return false;
            }

            limit = new OpenLimit(text, null, Path(subject[..colon]), line, max);
            return true;
        }

        limit = new OpenLimit(text, subject, null, 0, max);
        return true;
    }

    private static string Path(string typed)
    {
        string path = typed.Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

    /// <summary>Whether the limit counts the scopes of <paramref name="site"/>.</summary>
    public bool Covers(SiteInfo site, SourceTree sources)
    {
        if (Kind is not null)
        {
            return string.Equals(site.Kind, Kind, StringComparison.Ordinal);
        }

        if (site.Line != Line)
        {
            return false;
        }

        string shown = sources.Display(site.File);
        return shown == File || shown.EndsWith("/" + File, StringComparison.Ordinal);
    }
}
