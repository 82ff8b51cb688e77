using System.Net;
using System.Text.RegularExpressions;

namespace LeakScope.Cli.Tests.Support;

/// <summary>A page as the browser left it: its DOM serialized, and the console messages it logged.</summary>
internal sealed partial class BrowserPage(string dom, IReadOnlyList<string> console)
{
    public string Dom { get; } = dom;

    public IReadOnlyList<string> Console { get; } = console;

    /// <summary>The page script ran to its end, recorded no error, and the browser logged no console message.</summary>
    public void AssertRenderedWithoutErrors()
    {
        Assert.Empty(Console);
        Assert.Contains("data-rendered=\"yes\"", Dom, StringComparison.Ordinal);
        Assert.Contains("<ul id=\"page-errors\"></ul>", Dom, StringComparison.Ordinal);
    }

    /// <summary>The polylines the script drew with this class: their label and the y of each point (SVG's y grows downwards).</summary>
    public List<(string Label, double[] Y)> Lines(string cssClass) => [.. Polyline().Matches(Dom)
        .Select(match => match.Value)
        .Where(tag => tag.Contains($"class=\"{cssClass}\"", StringComparison.Ordinal))
        .Select(tag => (
            Label: WebUtility.HtmlDecode(Attribute(tag, "data-label")),
            Y: Attribute(tag, "points").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(point => double.Parse(point.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))
                .ToArray()))];

    private static string Attribute(string tag, string name)
    {
        Match match = Regex.Match(tag, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    [GeneratedRegex("<polyline\\b[^>]*>")]
    private static partial Regex Polyline();
}
