using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Text from the target made safe and bounded for the HTML report: control characters, bidirectional
/// overrides and lone surrogates become visible escapes (<see cref="DisplayText"/>), markup characters
/// become character references, and anything longer than <see cref="MaxLength"/> is cut with an ellipsis,
/// so one 100 KB name cannot make the page huge.
/// </summary>
internal static class HtmlText
{
    /// <summary>Characters of one text shown at most; the runtime caps kinds, files and members at 1024 already.</summary>
    public const int MaxLength = 1024;

    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The text as HTML character data or a quoted attribute value.</summary>
    public static string Encode(string? text) => s_encoder.Encode(Shown(text));

    /// <summary>The text as shown: escaped for display and capped, not yet encoded for HTML or JSON.</summary>
    public static string Shown(string? text)
    {
        string shown = DisplayText.Escape(text);
        if (shown.Length <= MaxLength)
        {
            return shown;
        }

        int cut = char.IsHighSurrogate(shown[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(shown.AsSpan(0, cut), "…");
    }
}
