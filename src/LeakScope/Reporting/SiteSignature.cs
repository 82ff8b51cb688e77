using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Names a leak site in a way that survives unrelated edits: kind, file relative to the source
/// root, member, and the opening line's text with its whitespace collapsed (the line number only
/// when the source is not at hand).
/// </summary>
internal static class SiteSignature
{
    public static string Of(string kind, string relativeFile, string member, string? sourceLine, int line) =>
        string.Join('|', kind, relativeFile, member, sourceLine ?? "line " + line.ToString(CultureInfo.InvariantCulture));

    public static string Normalize(string sourceLine) =>
        string.Join(' ', sourceLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
