using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>The JSON form of a baseline file (docs/report-format.md).</summary>
internal sealed record BaselineDocument(int Version, IReadOnlyList<BaselineEntry>? Sites);
