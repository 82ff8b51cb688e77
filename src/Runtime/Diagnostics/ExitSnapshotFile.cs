using System.Text.Json;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// The exit snapshot written to a file for <c>leakscope check</c>. The runtime shuts EventPipe down
/// before any managed exit handler runs, so a tool that started the process names a directory in
/// <see cref="ExitSnapshotContract.DirectoryVariable"/> and reads <c>{pid}.exit.json</c> from it once the process is gone.
/// The format is in docs/events.md.
/// </summary>
internal static class ExitSnapshotFile
{
    /// <summary>Writes every open scope to <paramref name="directory"/>, under a temporary name renamed once complete.</summary>
    /// <param name="directory">Where the tool that started the process reads the file.</param>
    /// <param name="registry">The scopes.</param>
    /// <param name="settings">How names are written (capped, hashed or omitted), as the session asked.</param>
    /// <param name="processId">This process; names the file.</param>
    /// <param name="reason"><c>exit</c>, <c>unhandled-exception</c> or <c>signal</c>.</param>
    /// <param name="cause">The exception type or the signal, when not a normal exit.</param>
    public static string Write(string directory, ScopeRegistry registry, SessionSettings settings, int processId, string reason, string? cause)
    {
        string path = Path.Combine(directory, ExitSnapshotContract.FileName(processId));
        // A fresh name opened with CreateNew: a file or link planted in the directory is never written through.
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        List<ScopeDescription> open = registry.ReadOpen();
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("version", ExitSnapshotContract.FormatVersion);
            json.WriteNumber("pid", processId);
            json.WriteString("writtenAt", DateTime.UtcNow);
            json.WriteString("reason", reason);
            if (cause is not null)
            {
                json.WriteString("cause", NameFormatter.ForWire(cause, NameFormatter.MaxCodeTextLength));
            }

            // Without EventSource (trimmed and NativeAOT apps by default) no session saw this process: the tool says so.
            json.WriteBoolean("eventSource", ExitSnapshotContract.EventSourceSupported);

            json.WriteStartArray("scopes");
            foreach (ScopeDescription scope in open)
            {
                json.WriteStartObject();
                json.WriteNumber("id", scope.Id);
                json.WriteString("kind", scope.Site.WireKind);
                json.WriteString("name", NameFormatter.Format(scope.Name, settings.NameMode, settings.NameMaxLength));
                json.WriteString("file", scope.Site.WireFile);
                json.WriteNumber("line", scope.Site.Line);
                json.WriteString("member", scope.Site.WireMember);
                json.WriteNumber("threadId", scope.ThreadId);
                json.WriteNumber("parentId", scope.ParentId);
                json.WriteString("enteredAt", ScopeClock.ToUtc(scope.EnteredAtMs));
                if (registry.Owners.FindById(scope.OwnerId) is { } owner)
                {
                    json.WriteStartObject("owner");
                    json.WriteNumber("id", owner.Id);
                    json.WriteString("kind", owner.WireKind);
                    json.WriteString("name", owner.WireName);
                    json.WriteEndObject();
                }

                if (registry.Parents.FindById(scope.ParentLinkId) is { } parent)
                {
                    WriteParents(json, parent, settings);
                }

                if (scope.Site.Stack is { Length: > 0 } stack)
                {
                    json.WriteString("stack", stack);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Scopes collected undisposed are gone from the open list; with no session (no EventSource), only this tells of them.
            WriteAbandoned(json, registry, settings);
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Each call site's record of abandoned scopes (the most recent 256), then how many were abandoned there in all.</summary>
    private static void WriteAbandoned(Utf8JsonWriter json, ScopeRegistry registry, SessionSettings settings)
    {
        var scopes = new List<AbandonedScope>();
        var totals = new List<(CallSite Site, long Total)>();
        json.WriteStartArray("abandoned");
        CallSite[] sites = registry.Sites.All(out int siteCount);
        for (int i = 0; i < siteCount; i++)
        {
            CallSite site = sites[i];
            if (site.AbandonedRecord is not { } record)
            {
                continue;
            }

            scopes.Clear();
            totals.Add((site, record.CopyTo(scopes)));
            foreach (AbandonedScope scope in scopes)
            {
                json.WriteStartObject();
                json.WriteNumber("id", scope.Id);
                json.WriteString("kind", site.WireKind);
                json.WriteString("name", scope.Name.Format(settings.NameMode, settings.NameMaxLength));
                json.WriteString("file", site.WireFile);
                json.WriteNumber("line", site.Line);
                json.WriteString("member", site.WireMember);
                json.WriteNumber("threadId", scope.ThreadId);
                json.WriteNumber("parentId", scope.ParentId);
                json.WriteString("enteredAt", ScopeClock.ToUtc(scope.EnteredAtMs));
                json.WriteString("abandonedAt", ScopeClock.ToUtc(scope.AbandonedAtMs));
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("abandonedSites");
        foreach ((CallSite site, long total) in totals)
        {
            json.WriteStartObject();
            json.WriteString("kind", site.WireKind);
            json.WriteString("file", site.WireFile);
            json.WriteNumber("line", site.Line);
            json.WriteString("member", site.WireMember);
            json.WriteNumber("abandoned", total);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The enclosing scopes, innermost first, as they were entered (they may have exited since).</summary>
    private static void WriteParents(Utf8JsonWriter json, ParentLink innermost, SessionSettings settings)
    {
        json.WriteStartArray("parents");
        ParentLink? link = innermost;
        for (int depth = 0; link is not null && depth < ParentTable.MaxChainLength; depth++, link = link.Outer)
        {
            json.WriteStartObject();
            json.WriteString("kind", link.Site.WireKind);
            json.WriteString("name", link.FormatName(settings.NameMode, settings.NameMaxLength));
            json.WriteString("file", link.Site.WireFile);
            json.WriteNumber("line", link.Site.Line);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
