using System.Text.Json;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Writes a report's JSON form (docs/report-format.md) straight to a stream: each leak is written
/// from the tracked state as it is reached and flushed every <see cref="FlushThreshold"/> bytes, so
/// a million leaks never become one document or a string each. The bytes are those the serializer
/// wrote for the whole report: same property order, indentation, escaping and number forms.
/// </summary>
internal static class ReportJsonWriter
{
    /// <summary>Pending output handed to the stream at once; a full disk fails at the first flush past it.</summary>
    public const int FlushThreshold = 64 * 1024;

    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_file = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText s_line = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText s_member = JsonEncodedText.Encode("member");
    private static readonly JsonEncodedText s_threadId = JsonEncodedText.Encode("threadId");
    private static readonly JsonEncodedText s_enteredAt = JsonEncodedText.Encode("enteredAt");
    private static readonly JsonEncodedText s_ageSeconds = JsonEncodedText.Encode("ageSeconds");
    private static readonly JsonEncodedText s_parentId = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText s_state = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText s_stack = JsonEncodedText.Encode("stack");
    private static readonly JsonEncodedText s_pid = JsonEncodedText.Encode("pid");
    private static readonly JsonEncodedText s_owner = JsonEncodedText.Encode("owner");
    private static readonly JsonEncodedText s_parents = JsonEncodedText.Encode("parents");

    /// <summary>Writes the report as one JSON document, without a trailing line break.</summary>
    public static void Write(LeakReport report, Stream output)
    {
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        try
        {
            WriteDocument(report, json);
            json.Flush();
        }
        catch
        {
            // What could not be written stays unwritten: disposing must not try the failed write again.
            json.Reset();
            throw;
        }
        finally
        {
            json.Dispose();
        }
    }

    private static void WriteDocument(LeakReport report, Utf8JsonWriter json)
    {
        ReportJsonContext context = ReportJsonContext.Default;
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", report.SchemaVersion);
        json.WriteString("command", report.Command);
        json.WritePropertyName("target");
        JsonSerializer.Serialize(json, report.Target, context.ReportTarget);
        json.WriteString("verdict", report.Verdict);
        json.WriteString("ending", report.Ending);
        json.WriteNumber("eventsLost", report.EventsLost);
        json.WriteBoolean("partial", report.Partial);
        json.WriteNumber("minAgeSeconds", report.MinAgeSeconds);
        json.WriteString("generatedAt", report.GeneratedAt);
        json.WriteNumber("observedSeconds", report.ObservedSeconds);
        json.WriteNumber("inFlight", report.InFlight);
        json.WriteStartArray("notes");
        foreach (string note in report.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteStartArray("leaks");
        IReadOnlyList<ReportedLeak> leaks = report.Leaks;
        for (int i = 0; i < leaks.Count; i++)
        {
            WriteLeak(json, leaks[i]);
            if (json.BytesPending >= FlushThreshold)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WritePropertyName("groups");
        JsonSerializer.Serialize(json, report.Groups, context.IReadOnlyListLeakGroup);
        if (report.Invocation is { } invocation)
        {
            json.WritePropertyName("invocation");
            JsonSerializer.Serialize(json, invocation, context.CheckedCommand);
        }

        if (report.Processes is { } processes)
        {
            json.WritePropertyName("processes");
            JsonSerializer.Serialize(json, processes, context.IReadOnlyListProcessEntry);
        }

        if (report.Suppressed is { } suppressed)
        {
            json.WritePropertyName("suppressed");
            JsonSerializer.Serialize(json, suppressed, context.IReadOnlyListSuppressedGroup);
        }

        if (report.StaleBaseline is { } stale)
        {
            json.WritePropertyName("staleBaseline");
            JsonSerializer.Serialize(json, stale, context.IReadOnlyListBaselineEntry);
        }

        if (report.Alert is { } alert)
        {
            json.WritePropertyName("alert");
            JsonSerializer.Serialize(json, alert, context.ReportedAlert);
        }

        if (report.Sites is { } sites)
        {
            json.WritePropertyName("sites");
            JsonSerializer.Serialize(json, sites, context.IReadOnlyListReportedSite);
        }

        if (report.ExitsSeen is { } exitsSeen)
        {
            json.WriteString("exitsSeen", exitsSeen);
        }

        json.WriteEndObject();
    }

    private static void WriteLeak(Utf8JsonWriter json, in ReportedLeak leak)
    {
        json.WriteStartObject();
        json.WriteNumber(s_id, leak.Id);
        json.WriteString(s_kind, leak.Kind);
        json.WriteString(s_name, leak.Name);
        json.WriteString(s_file, leak.File);
        json.WriteNumber(s_line, leak.Line);
        json.WriteString(s_member, leak.Member);
        json.WriteNumber(s_threadId, leak.ThreadId);
        json.WriteString(s_enteredAt, leak.EnteredAt);
        json.WriteNumber(s_ageSeconds, leak.AgeSeconds);
        json.WriteNumber(s_parentId, leak.ParentId);
        json.WriteString(s_state, leak.State);
        if (leak.Owner is { } owner)
        {
            // Absent when unowned: entered where no owner flowed (Scope.Own).
            json.WriteStartObject(s_owner);
            json.WriteString(s_kind, owner.Kind);
            json.WriteString(s_name, owner.Name);
            json.WriteEndObject();
        }

        if (leak.Parents is { Count: > 0 } parents)
        {
            // Absent when none is known: parents are tracked under check (docs/events.md, "Parent tracking").
            json.WriteStartArray(s_parents);
            foreach (ParentInfo parent in parents)
            {
                json.WriteStartObject();
                json.WriteString(s_kind, parent.Kind);
                json.WriteString(s_name, parent.Name);
                json.WriteString(s_file, parent.File);
                json.WriteNumber(s_line, parent.Line);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (leak.Stack is { } stack)
        {
            json.WriteString(s_stack, stack);
        }

        if (leak.Pid is { } pid)
        {
            json.WriteNumber(s_pid, pid);
        }

        json.WriteEndObject();
    }
}
