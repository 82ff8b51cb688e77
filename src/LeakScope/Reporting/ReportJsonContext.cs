using System.Text.Json.Serialization;

namespace LeakScope.Cli.Reporting;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LeakReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
