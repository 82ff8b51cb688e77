namespace LeakScope.Cli.Model;

/// <summary>
/// The growth verdict of one site's open scopes over a timeline: the least-squares line through its
/// points (a slope in scopes per minute), called <c>growing</c> when it rises by at least one scope
/// over the window and the points follow it closely (correlation at least <see cref="MinCorrelation"/>),
/// <c>falling</c> likewise downwards, else <c>flat</c>; <c>too-short</c> under <see cref="MinPoints"/>
/// points. Kept in one place so a formal slope (issue 11, item 2) can replace it.
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
        "growing: the least-squares line through the site's open counts rises by at least 1 scope over the window, and the counts follow it (correlation at least 0.7); falling: the same downwards; flat otherwise; too short: fewer than 5 points.";

    /// <summary>The verdict and slope (scopes per minute) of <paramref name="values"/>; unknown points are left out.</summary>
    public static (string Verdict, double SlopePerMinute) Of(IReadOnlyList<long> values, TimeSpan step)
    {
        double n = 0, sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0;
        double first = double.NaN, last = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == SiteTimeline.Unknown)
            {
                continue;
            }

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
        string verdict = rise >= 1 && correlation >= MinCorrelation ? Growing
            : rise <= -1 && correlation <= -MinCorrelation ? Falling
            : Flat;
        return (verdict, slopePerMinute);
    }
}
