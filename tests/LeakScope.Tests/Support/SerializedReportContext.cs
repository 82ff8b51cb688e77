using System.Text.Json.Serialization;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The serializer configuration the tool used before reports were streamed: the reference its
/// streamed JSON must match byte for byte, so that no reader of the format sees a change.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LeakReport))]
internal sealed partial class SerializedReportContext : JsonSerializerContext;
