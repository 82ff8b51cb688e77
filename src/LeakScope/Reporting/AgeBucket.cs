namespace LeakScope.Cli.Reporting;

/// <summary>How many of a site's open scopes are at least <paramref name="AtLeastSeconds"/> old and younger than the next bucket's bound.</summary>
internal sealed record AgeBucket(double AtLeastSeconds, long Count)
{
    /// <summary>The fixed lower bounds, in seconds: under 1 s, 1 s, 10 s, 1 min, 10 min, 1 h and over.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [0, 1, 10, 60, 600, 3600];

    /// <summary>The bucket an age falls in.</summary>
    public static int IndexOf(double ageSeconds)
    {
        int index = 0;
        while (index + 1 < Bounds.Count && ageSeconds >= Bounds[index + 1])
        {
            index++;
        }

        return index;
    }
}
