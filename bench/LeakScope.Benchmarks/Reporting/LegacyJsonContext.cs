using System.Text.Json.Serialization;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>The serializer configuration the tool used for the whole report before it was streamed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LegacyReport))]
internal sealed partial class LegacyJsonContext : JsonSerializerContext;
