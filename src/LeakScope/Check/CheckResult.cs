using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>The merged report of a check, and every leak site not ignored (what <c>--update-baseline</c> writes).</summary>
internal sealed record CheckResult(LeakReport Report, IReadOnlyList<BaselineEntry> Sites);
