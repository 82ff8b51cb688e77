namespace LeakScope.Cli.Reporting;

/// <summary>
/// The <c>monitor</c> alert condition that held (<c>--fail-on growing</c>, <c>--max-open</c>,
/// <c>--max-age</c>): what fired, where, and when (docs/report-format.md).
/// </summary>
/// <param name="Condition"><c>growing</c>, <c>max-open</c> or <c>max-age</c>.</param>
/// <param name="Detail">One line saying what was seen against which limit.</param>
/// <param name="FiredAt">When the tool saw it hold.</param>
internal sealed record ReportedAlert(string Condition, string Detail, DateTimeOffset FiredAt)
{
    public const string GrowingCondition = "growing";
    public const string MaxOpenCondition = "max-open";
    public const string MaxAgeCondition = "max-age";

    /// <summary>The call site it fired at, when one site made it hold.</summary>
    public string? Kind { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    public string? Member { get; init; }
}
