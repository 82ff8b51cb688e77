namespace LeakScope.Cli.Model;

/// <summary>
/// When a call site's open count counts as growing. A steady leak raises the floor of the open
/// count (its lowest value) in every part of the window; a pool warming up rises once and stays, a
/// sawtooth pool returns to its base, and noise moves the count both ways: none of those raise the
/// floor in every third of a whole window by at least <see cref="MinRise"/>.
/// </summary>
/// <param name="Window">How far back the samples are judged; the verdict needs the samples to cover all of it.</param>
/// <param name="MinRise">How much the floor of the last third must exceed that of the first third.</param>
internal sealed record GrowthRule(TimeSpan Window, long MinRise)
{
    /// <summary>The window is cut in this many parts; each one's floor must be above the one before it.</summary>
    public const int Parts = 3;

    /// <summary>Samples each part needs, so a part's floor is a low point and not one reading.</summary>
    public const int SamplesPerPart = 2;

    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromSeconds(60);

    public const long DefaultMinRise = 5;

    public static GrowthRule Default { get; } = new(DefaultWindow, DefaultMinRise);

    /// <summary>The shortest window that gives every part <see cref="SamplesPerPart"/> samples at one sample per <paramref name="sampleInterval"/>.</summary>
    public static TimeSpan ShortestWindow(TimeSpan sampleInterval) => sampleInterval * Parts * SamplesPerPart;
}
