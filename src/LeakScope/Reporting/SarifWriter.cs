using System.Globalization;
using System.Text.Json;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0 for code scanning: one result per leak site, located by a path relative to the
/// source root (<c>SRCROOT</c>) so that GitHub annotates the line that opened the scope.
/// </summary>
internal static class SarifWriter
{
    public const string RuleId = "LS0001";
    private const string RootId = "SRCROOT";
    private const int MaxOwnersInMessage = 10;

    public static void Write(LeakReport report, SourceTree sources, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "LeakScope");
        json.WriteString("semanticVersion", typeof(SarifWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        json.WriteStartArray("rules");
        json.WriteStartObject();
        json.WriteString("id", RuleId);
        json.WriteString("name", "ScopeNeverExited");
        WriteMessage(json, "shortDescription", "A resource scope was entered and never exited.");
        WriteMessage(json, "fullDescription", "A scope marked with LeakScope.Runtime (a connection, file, lock, transaction...) was still open when its process exited, or its owner was garbage-collected without disposing it.");
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", "error");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(RootId);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(sources.Root) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (LeakGroup group in report.Groups)
        {
            WriteResult(json, group, sources);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, LeakGroup group, SourceTree sources)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        json.WriteStartObject();
        json.WriteString("ruleId", RuleId);
        json.WriteNumber("ruleIndex", 0);
        json.WriteString("level", "error");
        string abandoned = group.Abandoned > 0 ? string.Create(c, $" ({group.Abandoned} abandoned: garbage-collected without being disposed)") : string.Empty;
        string names = group.ExampleNames.Count > 0 ? " Names: " + string.Join(", ", group.ExampleNames) + "." : string.Empty;
        WriteMessage(json, "message", string.Create(c, $"{group.Count} '{group.Kind}' scope(s) entered in {group.Member} were never exited{abandoned}.{names}{Owners(group)}{Parents(group, sources)}"));

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        if (sources.Relative(group.File) is { } relative)
        {
            json.WriteString("uri", string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", RootId);
        }
        else
        {
            json.WriteString("uri", Path.IsPathFullyQualified(group.File) ? new Uri(group.File).AbsoluteUri : group.File);
        }

        json.WriteEndObject();
        if (group.Line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", group.Line);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", group.Member);
        json.WriteString("kind", "member");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        if (group.Signature is { } signature)
        {
            json.WriteStartObject("partialFingerprints");
            json.WriteString("leakScopeSite/v1", signature);
            json.WriteEndObject();
        }

        json.WriteStartObject("properties");
        json.WriteString("kind", group.Kind);
        json.WriteNumber("count", group.Count);
        json.WriteNumber("abandoned", group.Abandoned);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Who left them open (the tests, the requests): code scanning shows the message, not the JSON report.
    private static string Owners(LeakGroup group)
    {
        if (group.Owners.Count == 0)
        {
            return string.Empty;
        }

        string more = group.Owners.Count > MaxOwnersInMessage ? string.Create(CultureInfo.InvariantCulture, $" and {group.Owners.Count - MaxOwnersInMessage} more") : string.Empty;
        return " Owners: " + string.Join(", ", group.Owners.Take(MaxOwnersInMessage).Select(owner => $"{owner.Kind} {owner.Name}")) + more + ".";
    }

    private static string Parents(LeakGroup group, SourceTree sources) =>
        group.Parents.Count == 0 ? string.Empty : " Entered " + ParentText.Describe(group.Parents, sources) + ".";

    private static void WriteMessage(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }
}
