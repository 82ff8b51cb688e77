using System.CommandLine;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>Options shared by several commands, defined once so they read and validate the same everywhere.</summary>
internal static class CommonOptions
{
    public static Argument<int?> Pid() => new("pid")
    {
        Description = "Id of the process to attach to (see 'leakscope ps').",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<string?> ProcessName() => new("--name", "-n")
    {
        Description = "Attach to the .NET process with this name instead of a pid.",
    };

    public static Option<ReportFormat> Format() => new("--format", "-f")
    {
        Description = "Report format: text or json (docs/report-format.md).",
        DefaultValueFactory = _ => ReportFormat.Text,
    };

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file (created readable by you only) instead of standard output.",
    };

    public static Option<TimeSpan> MinAge() => Seconds(
        "--min-age",
        "Open at least this long counts as a leak; younger scopes are in flight. Seconds.",
        TimeSpan.FromSeconds(1),
        allowZero: true);

    public static Option<bool> Stacks() => new("--stacks")
    {
        Description = "Ask the target for the managed stack of each call site and show it.",
    };

    public static Option<TimeSpan> AttachTimeout() => Seconds(
        "--attach-timeout",
        "How long connecting to the target and its first snapshot may take together; also bounds the closing snapshot. Seconds.",
        TimeSpan.FromSeconds(10),
        allowZero: false);

    /// <summary>A duration given in seconds (fractions allowed), validated to be finite and in range.</summary>
    public static Option<TimeSpan> Seconds(string name, string description, TimeSpan defaultValue, bool allowZero)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
                    || double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(365).TotalSeconds || (!allowZero && seconds == 0))
                {
                    result.AddError($"{name} takes a number of seconds{(allowZero ? string.Empty : " above 0")}, not '{text}'.");
                    return default;
                }

                return TimeSpan.FromSeconds(seconds);
            },
        };
        return option;
    }
}
