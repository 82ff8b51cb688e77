using System.Text.Json.Serialization;

namespace LeakScope.Cli.Reporting;

// The parts of a report other than its leaks, which ReportJsonWriter streams itself.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportTarget))]
[JsonSerializable(typeof(IReadOnlyList<LeakGroup>))]
[JsonSerializable(typeof(CheckedCommand))]
[JsonSerializable(typeof(IReadOnlyList<ProcessEntry>))]
[JsonSerializable(typeof(IReadOnlyList<SuppressedGroup>))]
[JsonSerializable(typeof(IReadOnlyList<BaselineEntry>))]
[JsonSerializable(typeof(ReportedAlert))]
[JsonSerializable(typeof(IReadOnlyList<ReportedSite>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
