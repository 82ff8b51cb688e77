namespace LeakScope.Cli.Reporting;

/// <summary>The values of a report's <c>exitsSeen</c> (docs/report-format.md#exits).</summary>
internal static class ExitsSeenValues
{
    /// <summary>Full mode (<c>--all-events</c>): every exit of a scope the session knew.</summary>
    public const string All = "all";

    /// <summary>Aged mode: exits of scopes announced (open longer than the threshold) or listed by a snapshot only.</summary>
    public const string Announced = "announced";
}
