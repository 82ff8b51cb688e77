using System.CommandLine.Parsing;
using System.Globalization;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// A duration typed on the command line: plain seconds ("5", "0.5", "5s"), as leakscope always took
/// them, or the [dd:]hh:mm:ss form dotnet-trace and dotnet-counters take ("--duration 00:00:00:05").
/// Its own type so that help shows a default as "1 s", a form the parser accepts.
/// </summary>
internal readonly record struct DurationValue(TimeSpan Value)
{
    /// <summary>The accepted forms, as help and errors say them.</summary>
    public const string Forms = "Seconds (5, 0.5) or [dd:]hh:mm:ss.";

    private static readonly TimeSpan s_longest = TimeSpan.FromDays(365);

    public static implicit operator TimeSpan(DurationValue duration) => duration.Value;

    /// <summary>Parses one option value, or adds a one-line error naming the option and the accepted forms.</summary>
    public static DurationValue? Parse(ArgumentResult result, string optionName, bool allowZero)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out TimeSpan value) && (allowZero || value > TimeSpan.Zero))
        {
            return new DurationValue(value);
        }

        result.AddError($"{optionName} takes seconds (5, 0.5) or [dd:]hh:mm:ss (00:00:05){(allowZero ? string.Empty : " above 0")}, up to 365 days; not '{text}'.");
        return null;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;

        // "1 s" and "1s" too: help shows defaults that way, and whatever help shows can be typed back.
        string number = text.EndsWith('s') ? text[..^1].TrimEnd(' ') : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds))
        {
            if (!double.IsFinite(seconds) || seconds > s_longest.TotalSeconds)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        // Two or three colons: hh:mm:ss or dd:hh:mm:ss ("g" is [-][d:]h:mm:ss[.FFFFFFF]). A lone
        // "hh:mm" is refused: read as minutes:seconds it would be off by a factor of 60.
        return text.Count(c => c == ':') is 2 or 3
            && !text.StartsWith('-')
            && TimeSpan.TryParseExact(text, "g", CultureInfo.InvariantCulture, out value)
            && value <= s_longest;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value.TotalSeconds:0.###} s");
}
