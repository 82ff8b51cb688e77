using System.Globalization;
using Microsoft.Extensions.FileSystemGlobbing;

namespace LeakScope.Cli.Check;

/// <summary>
/// The leaks a run accepts: whole kinds (<c>--ignore KIND</c>, e.g. process-lifetime singletons) and
/// sites (<c>--ignore-site GLOB</c>, a glob over the path relative to the source root, optionally
/// followed by <c>:LINE</c>).
/// </summary>
internal sealed class LeakFilter
{
    private readonly HashSet<string> _kinds;
    private readonly List<(Matcher Matcher, int? Line)> _sites = [];

    public LeakFilter(IEnumerable<string> kinds, IEnumerable<string> siteGlobs)
    {
        _kinds = new HashSet<string>(kinds, StringComparer.Ordinal);
        foreach (string glob in siteGlobs)
        {
            string pattern = glob;
            int? line = null;
            int colon = glob.LastIndexOf(':');
            if (colon > 0 && int.TryParse(glob.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
            {
                pattern = glob[..colon];
                line = parsed;
            }

            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(pattern);
            _sites.Add((matcher, line));
        }
    }

    /// <summary>Why a site is accepted (<c>ignored-kind</c>, <c>ignored-site</c>), or null when it counts.</summary>
    public string? ReasonToIgnore(string kind, string relativeFile, int line)
    {
        if (_kinds.Contains(kind))
        {
            return "ignored-kind";
        }

        foreach ((Matcher matcher, int? onlyLine) in _sites)
        {
            if ((onlyLine is null || onlyLine == line) && matcher.Match(relativeFile).HasMatches)
            {
                return "ignored-site";
            }
        }

        return null;
    }
}
