using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>Options shared by several commands, defined once so they read and validate the same everywhere.</summary>
internal static class CommonOptions
{
    public const ReportFormat DefaultFormat = ReportFormat.Text;

    public static Argument<int?> Pid() => new("pid")
    {
        Description = "Id of the process to attach to (see 'leakscope ps'); or -p PID.",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = ParsePid,
    };

    public static Option<string?> ProcessName() => new("--name", "-n")
    {
        Description = "Attach to the .NET process with this name, as 'leakscope ps' shows it, instead of a pid.",
    };

    /// <summary>Report format; absent means <see cref="DefaultFormat"/> (set here, not as a default, so help shows it as typed).</summary>
    public static Option<ReportFormat?> Format() => Choice<ReportFormat>(
        "--format",
        "-f",
        $"Report format (docs/report-format.md). [default: {ChoiceName(DefaultFormat)}]");

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file (created readable by you only) instead of standard output.",
    };

    public static Option<DurationValue> MinAge() => Duration(
        "--min-age",
        "Open at least this long counts as a leak; younger scopes are in flight.",
        TimeSpan.FromSeconds(1),
        allowZero: true);

    public static Option<bool> Stacks() => new("--stacks")
    {
        Description = "Ask the target for the managed stack of each call site and show it.",
    };

    public static Option<DurationValue> AttachTimeout() => Duration(
        "--attach-timeout",
        "How long connecting to the target and its first snapshot may take together; also bounds the closing snapshot.",
        TimeSpan.FromSeconds(10),
        allowZero: false);

    /// <summary>A duration with a default, shown in help as "[default: 1 s]".</summary>
    public static Option<DurationValue> Duration(string name, string description, TimeSpan defaultValue, bool allowZero) => new(name)
    {
        Description = description + " " + DurationValue.Forms,
        HelpName = "duration",
        DefaultValueFactory = _ => new DurationValue(defaultValue),
        CustomParser = result => DurationValue.Parse(result, name, allowZero) ?? default,
    };

    /// <summary>A duration without a default: absent means the command's own ending (its description says which).</summary>
    public static Option<DurationValue?> OptionalDuration(string name, string description, bool allowZero) => new(name)
    {
        Description = description + " " + DurationValue.Forms,
        HelpName = "duration",
        CustomParser = result => DurationValue.Parse(result, name, allowZero),
    };

    /// <summary>
    /// An option taking one of an enum's values, typed and shown in lower case ("json|text"), and
    /// offered as such to shell completion; a bad value is named in one line with the accepted ones.
    /// </summary>
    public static Option<T?> Choice<T>(string name, string alias, string description)
        where T : struct, Enum
    {
        var option = new Option<T?>(name, alias)
        {
            Description = description,
            HelpName = string.Join('|', Enum.GetValues<T>().Select(ChoiceName)),
            CustomParser = result => ParseChoice<T>(result, name, result.Tokens[0].Value),
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(Enum.GetValues<T>().Select(ChoiceName).ToArray());
        return option;
    }

    /// <summary>A repeatable <see cref="Choice{T}"/>.</summary>
    public static Option<T[]> Choices<T>(string name, string alias, string description)
        where T : struct, Enum
    {
        var option = new Option<T[]>(name, alias)
        {
            Description = description,
            HelpName = string.Join('|', Enum.GetValues<T>().Select(ChoiceName)),
            CustomParser = result => [.. result.Tokens.Select(token => ParseChoice<T>(result, name, token.Value) ?? default)],
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add(Enum.GetValues<T>().Select(ChoiceName).ToArray());
        return option;
    }

    public static string ChoiceName<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A process id: a number above 0. A word starting with '-' here is an option the command does not have.</summary>
    internal static int? ParsePid(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0)
        {
            return pid;
        }

        result.AddError(text.Length > 1 && text[0] == '-' && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"Unknown option '{text}'."
            : $"'{text}' is not a process id (a number above 0, see 'leakscope ps').");
        return null;
    }

    private static T? ParseChoice<T>(ArgumentResult result, string name, string text)
        where T : struct, Enum
    {
        foreach (T value in Enum.GetValues<T>())
        {
            if (string.Equals(ChoiceName(value), text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        string[] names = [.. Enum.GetValues<T>().Select(ChoiceName)];
        result.AddError($"{name} takes {string.Join(", ", names[..^1])} or {names[^1]}, not '{text}'.");
        return null;
    }
}
