using System.Text.Json;

namespace LeakScope.Cli.Tests.Support;

/// <summary>Reads a JSON report, checking it against the schema in docs/report-format.md as it goes.</summary>
internal static class JsonReport
{
    public static JsonElement Parse(string json)
    {
        JsonElement report = JsonDocument.Parse(json).RootElement;
        ReportSchema.Validate(report);
        return report;
    }

    public static List<JsonElement> Leaks(this JsonElement report) => [.. report.GetProperty("leaks").EnumerateArray()];

    public static List<JsonElement> Groups(this JsonElement report) => [.. report.GetProperty("groups").EnumerateArray()];

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
