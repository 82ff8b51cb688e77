using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using LeakScope.Cli.Alerts;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// <c>monitor</c>'s alert conditions, growth rule and trigger options, checked while parsing so that a
/// bad value or combination is one line and exit 3 before anything is attached.
/// </summary>
internal sealed class AlertOptions
{
    private readonly Option<FailOnCondition[]> _failOn = CommonOptions.Choices<FailOnCondition>(
        "--fail-on",
        "--fail-on",
        "Exit with the leak code (1) as soon as a call site's open count is growing (see README 'Alerts').");

    private readonly Option<OpenLimit[]> _maxOpen = new("--max-open")
    {
        Description = "Exit with the leak code as soon as more than N scopes are open at SITE (path:line, relative to the source root) or of KIND. Repeatable.",
        HelpName = "SITE_OR_KIND=N",
        CustomParser = ParseLimits,
    };

    private readonly Option<DurationValue?> _maxAge = CommonOptions.OptionalDuration("--max-age", "Exit with the leak code as soon as any open scope is older than this (at least --min-age).", allowZero: false);

    private readonly Option<DurationValue> _growthWindow = CommonOptions.Duration(
        "--growth-window",
        "A site is growing when the lowest open count rose in each third of this window (at least 6 refresh intervals).",
        GrowthRule.DefaultWindow,
        allowZero: false);

    private readonly Option<long> _growthMinRise = new("--growth-min-rise")
    {
        Description = "... and rose by at least this many scopes over the window.",
        HelpName = "N",
        DefaultValueFactory = _ => GrowthRule.DefaultMinRise,
        CustomParser = result => ParseCount(result, "--growth-min-rise", 1),
    };

    private readonly Option<OnLeakAction?> _onLeak = CommonOptions.Choice<OnLeakAction>(
        "--on-leak",
        "--on-leak",
        "When a condition holds, record a trace with a closing snapshot into --trigger-output and keep watching, instead of exiting.");

    private readonly Option<string?> _triggerOutput = new("--trigger-output")
    {
        Description = "The directory --on-leak collect writes its traces to (readable by you only), leakscope-TIME-PID.nettrace.",
        HelpName = "dir",
    };

    private readonly Option<DurationValue> _triggerDuration = CommonOptions.Duration("--trigger-duration", "How long each triggered trace records before its closing snapshot.", TimeSpan.FromSeconds(10), allowZero: false);

    private readonly Option<DurationValue> _triggerCooldown = CommonOptions.Duration("--trigger-cooldown", "The least time from the start of one triggered trace to the next.", TimeSpan.FromMinutes(5), allowZero: true);

    private readonly Option<long> _triggerMaxFiles = new("--trigger-max-files")
    {
        Description = "Traces kept in --trigger-output; the oldest are removed.",
        HelpName = "N",
        DefaultValueFactory = _ => 5,
        CustomParser = result => ParseCount(result, "--trigger-max-files", 1),
    };

    private readonly Option<long> _triggerMaxBytes = new("--trigger-max-bytes")
    {
        Description = "Bytes the traces in --trigger-output may hold together, the one being written included (suffix K, M or G: KiB, MiB, GiB); the oldest are removed, and a trace that would pass it alone is ended early or cut.",
        HelpName = "SIZE",
        DefaultValueFactory = _ => TriggerSettings.DefaultMaxBytes,
        CustomParser = ParseBytes,
    };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _failOn, _maxOpen, _maxAge, _growthWindow, _growthMinRise, _onLeak, _triggerOutput, _triggerDuration, _triggerCooldown, _triggerMaxFiles, _triggerMaxBytes })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(Validate);
    }

    public AlertSettings Read(ParseResult result)
    {
        var conditions = new AlertConditions(
            result.GetValue(_failOn)?.Contains(FailOnCondition.Growing) == true,
            result.GetValue(_maxOpen) ?? [],
            result.GetValue(_maxAge)?.Value);
        var growth = new GrowthRule(result.GetValue(_growthWindow), result.GetValue(_growthMinRise));
        TriggerSettings? trigger = result.GetValue(_onLeak) is OnLeakAction.Collect
            ? new TriggerSettings(result.GetValue(_triggerOutput)!, result.GetValue(_triggerDuration), result.GetValue(_triggerCooldown), (int)result.GetValue(_triggerMaxFiles), result.GetValue(_triggerMaxBytes))
            : null;
        return new AlertSettings(conditions, growth, trigger);
    }

    private static OpenLimit[] ParseLimits(ArgumentResult result)
    {
        var limits = new List<OpenLimit>();
        foreach (Token token in result.Tokens)
        {
            if (!OpenLimit.TryParse(token.Value, out OpenLimit? limit))
            {
                result.AddError($"{OpenLimit.Form}; not '{token.Value}'.");
                return [];
            }

            limits.Add(limit!);
        }

        return [.. limits];
    }

    private static long ParseBytes(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        Match size = Regex.Match(text, "^([0-9]+)([KMG](?:i?B)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        string digits = size.Success ? size.Groups[1].Value : string.Empty;
        int shift = !size.Groups[2].Success ? 0 : char.ToUpperInvariant(size.Groups[2].Value[0]) switch { 'K' => 10, 'M' => 20, _ => 30 };
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= long.MaxValue >> shift && value << shift >= TriggerSettings.LeastMaxBytes)
        {
            return value << shift;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"--trigger-max-bytes takes a size of at least {TriggerSettings.LeastMaxBytes / 1024}K and under 8 EiB: bytes, or a whole number with K, M or G (KiB, MiB, GiB); not '{text}'."));
        return TriggerSettings.DefaultMaxBytes;
    }

    private static long ParseCount(ArgumentResult result, string name, long least)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value >= least && value <= int.MaxValue)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes a whole number from {least}; not '{text}'."));
        return least;
    }

    private void Validate(CommandResult result)
    {
        try
        {
            ValidateTogether(result);
        }
        catch (InvalidOperationException)
        {
            // A value that did not parse: its own error says what is wrong.
        }
    }

    private void ValidateTogether(CommandResult result)
    {
        // Defaults are not filled in yet while validating: limits that depend on other durations are checked by AlertSettings.Problem.
        bool anyCondition = result.GetValue(_failOn)?.Length > 0 || result.GetValue(_maxOpen)?.Length > 0 || result.GetValue(_maxAge) is not null;
        bool triggered = result.GetValue(_onLeak) is not null;
        if (triggered && !anyCondition)
        {
            result.AddError("--on-leak needs a condition to act on: --fail-on growing, --max-open or --max-age.");
        }
        else if (triggered && string.IsNullOrEmpty(result.GetValue(_triggerOutput)))
        {
            result.AddError("--on-leak collect needs --trigger-output DIR, the directory for its traces.");
        }
        else if (!triggered && new Option[] { _triggerOutput, _triggerDuration, _triggerCooldown, _triggerMaxFiles, _triggerMaxBytes }.Any(option => result.GetResult(option) is { Implicit: false }))
        {
            result.AddError("--trigger-output, --trigger-duration, --trigger-cooldown, --trigger-max-files and --trigger-max-bytes go with --on-leak collect.");
        }
    }
}
