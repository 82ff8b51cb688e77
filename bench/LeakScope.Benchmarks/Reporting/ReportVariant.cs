using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>One way to turn a tracker into a report file: the streamed path the tool takes now, or the one it took before issue #14.</summary>
internal static class ReportVariant
{
    public static readonly string[] Names = ["text", "json", "legacy-text", "legacy-json"];

    private static readonly ReportOptions s_options = new(TimeSpan.FromSeconds(1), Endings.Snapshot, 0, false, new DateTimeOffset(TrackedScopes.Now), TimeSpan.FromSeconds(1), false, []);

    /// <summary>What <c>leakscope snapshot -o FILE</c> does once the snapshot is in: list the open scopes, build the report, write it.</summary>
    public static void Write(string variant, ScopeTracker tracker, string path)
    {
        List<KnownOpenScope> open = tracker.OpenScopes();
        switch (variant)
        {
            case "text":
            case "json":
                LeakReport report = ReportBuilder.Build("snapshot", new TargetProcess(1, "orders", null), open, [], s_options);
                ReportOutput.Write(report, variant == "json" ? ReportFormat.Json : ReportFormat.Text, path, new ToolConsole(TextWriter.Null, TextWriter.Null, IsTerminal: false));
                break;
            case "legacy-text":
            case "legacy-json":
                LegacyReportPath.Write(LegacyReportPath.Build(open, s_options), variant == "legacy-json", path);
                break;
            default:
                throw new ArgumentException($"Unknown report variant '{variant}'.", nameof(variant));
        }
    }
}
