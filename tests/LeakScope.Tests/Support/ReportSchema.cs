using System.Text.Json;

namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// Validates a report against docs/report-format.schema.json, using the part of JSON Schema that
/// file uses (type, required, properties, items, enum). No full validator is available from the
/// package mirror; this one fails loudly on any keyword it does not know, so the schema cannot
/// silently outgrow it.
/// </summary>
internal static class ReportSchema
{
    private static readonly HashSet<string> s_known = ["$schema", "title", "description", "type", "required", "properties", "items", "enum"];
    private static readonly Lazy<JsonElement> s_schema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "report-format.schema.json"))).RootElement);

    private static readonly Lazy<JsonElement> s_sarifSchema = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0-required.schema.json"))).RootElement);

    public static void Validate(JsonElement report) => Validate(report, s_schema.Value, "$");

    /// <summary>Validates a SARIF log against the required properties of SARIF 2.1.0 (tests/LeakScope.Tests/Schemas).</summary>
    public static void ValidateSarif(JsonElement log) => Validate(log, s_sarifSchema.Value, "$");

    private static void Validate(JsonElement value, JsonElement schema, string path)
    {
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            Assert.True(s_known.Contains(keyword.Name), $"The report schema uses '{keyword.Name}', which this validator does not check.");
        }

        if (schema.TryGetProperty("type", out JsonElement type))
        {
            Assert.True(HasType(value, type.GetString()!), $"{path} should be {type.GetString()}, is {value.ValueKind}.");
        }

        if (schema.TryGetProperty("enum", out JsonElement allowed))
        {
            Assert.True(allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()), $"{path} = {value} is not one of {allowed}.");
        }

        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                Assert.True(value.TryGetProperty(name.GetString()!, out _), $"{path} lacks required '{name.GetString()}'.");
            }
        }

        if (schema.TryGetProperty("properties", out JsonElement properties))
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (value.TryGetProperty(property.Name, out JsonElement child))
                {
                    Validate(child, property.Value, $"{path}.{property.Name}");
                }
            }
        }

        if (schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Validate(item, items, $"{path}[{i++}]");
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => throw new InvalidOperationException($"Unknown schema type '{type}'."),
    };
}
