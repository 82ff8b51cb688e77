namespace LeakScope.Cli.Model;

/// <summary>
/// The growth verdict of one site's open scopes over a timeline, by the rule <c>monitor</c> alerts on
/// (<see cref="OpenTrend"/>, <see cref="GrowthRule"/>) with the whole timeline as its window:
/// <c>growing</c> when the floor of the open count rises in each third of it, by
/// <see cref="GrowthRule.DefaultMinRise"/> at least, so a pool that warms up and levels off or a sawtooth
/// is not; <c>falling</c> when the least-squares line falls by at least one scope and the points follow
/// it (correlation at most -<see cref="MinCorrelation"/>); else <c>flat</c>; <c>too-short</c> under
/// <see cref="MinPoints"/> points. The slope is the least-squares one, in scopes per minute.
/// </summary>
internal static class GrowthTrend
{
    public const int MinPoints = 5;
    public const double MinCorrelation = 0.7;

    public const string Growing = "growing";
    public const string Falling = "falling";
    public const string Flat = "flat";
    public const string TooShort = "too-short";

    /// <summary>What the page says the verdict means.</summary>
    public const string Explanation =
        "growing: the lowest open count rises from each third of the recording to the next, by at least 5 scopes in all (the rule monitor --fail-on growing uses, over the whole recording); falling: the least-squares line through the open counts falls by at least 1 scope and the counts follow it (correlation at most -0.7); flat otherwise; too short: fewer than 5 points.";

    /// <summary>The verdict and slope (scopes per minute) of <paramref name="values"/>; unknown points are left out.</summary>
    public static (string Verdict, double SlopePerMinute) Of(IReadOnlyList<long> values, TimeSpan step)
    {
        double n = 0, sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0;
        double first = double.NaN, last = 0;
        var samples = new List<(DateTime At, long Open)>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == SiteTimeline.Unknown)
            {
                continue;
            }

            samples.Add((DateTime.UnixEpoch + (step * i), values[i]));
            double x = i, y = values[i];
            first = double.IsNaN(first) ? x : first;
            last = x;
            n++;
            sumX += x;
            sumY += y;
            sumXX += x * x;
            sumYY += y * y;
            sumXY += x * y;
        }

        if (n < MinPoints)
        {
            return (TooShort, 0);
        }

        double varX = (n * sumXX) - (sumX * sumX);
        double varY = (n * sumYY) - (sumY * sumY);
        double cov = (n * sumXY) - (sumX * sumY);
        double slopePerPoint = varX == 0 ? 0 : cov / varX;
        double slopePerMinute = slopePerPoint / step.TotalMinutes;
        double rise = slopePerPoint * (last - first);
        double correlation = varX == 0 || varY == 0 ? 0 : cov / Math.Sqrt(varX * varY);
        string verdict = IsGrowing(samples) ? Growing
            : rise <= -1 && correlation <= -MinCorrelation ? Falling
            : Flat;
        return (verdict, slopePerMinute);
    }

    private static bool IsGrowing(List<(DateTime At, long Open)> samples)
    {
        var trend = new OpenTrend(new GrowthRule(samples[^1].At - samples[0].At, GrowthRule.DefaultMinRise));
        foreach ((DateTime at, long open) in samples)
        {
            trend.Add(at, open);
        }

        return trend.Growing;
    }
}
