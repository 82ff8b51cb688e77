using System.Globalization;
using System.Text;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Makes text from the target (kinds, names, paths, process names) safe to show a person: control
/// characters, which a terminal would obey (ESC sequences clear the screen or retitle the window,
/// CR overwrites a line, a newline breaks a table row), become visible escapes such as <c>\x1b</c>
/// and <c>\n</c>. So do bidirectional overrides, which reorder what is shown, and what XML 1.0 cannot
/// hold (lone surrogates, U+FFFE, U+FFFF), so the same text is valid in every format.
/// </summary>
internal static class DisplayText
{
    /// <summary>The text with every unsafe character escaped; the same instance when there is none.</summary>
    /// <param name="text">Text from the target.</param>
    /// <param name="keepNewlines">Keeps line feeds, for multi-line text such as a stack.</param>
    public static string Escape(string? text, bool keepNewlines = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        int first = FirstUnsafe(text, keepNewlines);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(ch).Append(text[++i]);
            }
            else if (!IsUnsafe(ch, keepNewlines))
            {
                escaped.Append(ch);
            }
            else
            {
                escaped.Append(ch switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\0' => "\\0",
                    < '\u0100' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)ch:x2}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}"),
                });
            }
        }

        return escaped.ToString();
    }

    private static int FirstUnsafe(string text, bool keepNewlines)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(ch, keepNewlines))
            {
                return i;
            }
        }

        return -1;
    }

    // Reached only for characters that are not part of a valid surrogate pair.
    private static bool IsUnsafe(char ch, bool keepNewlines) => ch switch
    {
        '\n' => !keepNewlines,
        < ' ' => true,
        >= '\u007f' and <= '\u009f' => true,
        '\u061c' or '\u200e' or '\u200f' or '\u2028' or '\u2029' => true,
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\ufffe' or '\uffff' => true,
        _ => char.IsSurrogate(ch),
    };
}
