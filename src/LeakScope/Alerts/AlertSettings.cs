using System.Globalization;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Alerts;

/// <summary>What <c>monitor</c> watches for besides the final report: the conditions, the growth rule behind "growing", and the trigger if any.</summary>
internal sealed record AlertSettings(AlertConditions Conditions, GrowthRule Growth, TriggerSettings? Trigger)
{
    public static AlertSettings None { get; } = new(AlertConditions.None, GrowthRule.Default, null);

    /// <summary>What is wrong with these settings given monitor's other durations, in one line; null when nothing is.</summary>
    public string? Problem(TimeSpan refreshInterval, TimeSpan minAge)
    {
        TimeSpan shortest = GrowthRule.ShortestWindow(refreshInterval);
        if (Growth.Window < shortest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--growth-window must be at least 6 refresh intervals ({shortest.TotalSeconds:0.###} s with --refresh-interval {refreshInterval.TotalSeconds:0.###} s), so each third of it holds two samples.");
        }

        return Conditions.MaxAge is { } maxAge && maxAge < minAge
            ? "--max-age must be at least --min-age: the target announces only scopes older than --min-age."
            : null;
    }
}
