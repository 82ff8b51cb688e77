using System.Text.Json;
using LeakScope.Cli.Model;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>Feeds the exit snapshot file a process wrote as it exited (docs/events.md) into its tracker.</summary>
internal static class ExitSnapshotReader
{
    private const string Nonce = "exit-file";

    /// <summary>Parents listed per scope at most, as the runtime writes them (ParentTable.MaxChainLength).</summary>
    internal const int MaxParents = 32;

    /// <summary>False when the process wrote no file (it never used LeakScope, or was killed).</summary>
    /// <param name="abruptEnd">What ended the process when it did not exit normally: <c>unhandled-exception</c> or <c>signal</c>, with the exception type or signal.</param>
    public static bool TryApply(string directory, int pid, ScopeTracker tracker, out (string Reason, string Cause)? abruptEnd, out string? problem)
    {
        problem = null;
        abruptEnd = null;
        string path = Path.Combine(directory, ExitSnapshotContract.FileName(pid));
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement scopes = document.RootElement.GetProperty("scopes");
            if (document.RootElement.TryGetProperty("reason", out JsonElement reason) && reason.GetString() is { } why && why != "exit")
            {
                abruptEnd = (Text(why, NameFormatter.MaxCodeTextLength), document.RootElement.TryGetProperty("cause", out JsonElement cause) ? Text(cause.GetString(), NameFormatter.MaxCodeTextLength) : "unknown");
            }

            var open = new List<ScopeDescription>(Math.Min(scopes.GetArrayLength(), 1 << 16));
            var owners = new Dictionary<int, OwnerInfo>();
            foreach (JsonElement scope in scopes.EnumerateArray())
            {
                int ownerId = 0;
                if (scope.TryGetProperty("owner", out JsonElement owner))
                {
                    // A runtime before owners writes none: such a scope is unowned.
                    ownerId = owner.GetProperty("id").GetInt32();
                    owners.TryAdd(ownerId, new OwnerInfo(Text(owner.GetProperty("kind").GetString(), NameFormatter.MaxCodeTextLength), Text(owner.GetProperty("name").GetString(), NameFormatter.MaxOwnerNameLength)));
                }

                open.Add(Describe(
                    scope,
                    scope.TryGetProperty("stack", out JsonElement stack) ? Text(stack.GetString(), NameFormatter.MaxStackLength) : string.Empty,
                    ownerId,
                    scope.TryGetProperty("parents", out JsonElement parents) ? Parents(parents) : null));
            }

            ApplyAtExit(tracker, Nonce, open, owners);

            // The scopes abandoned (collected undisposed), the most recent 256 per site, then every site's total
            // (both absent before these fields existed): a session saw them as they happened, a process without
            // EventSource tells of them only here. Each id counts once; beyond the listed ones they are known by count.
            lock (tracker.Sync)
            {
                if (document.RootElement.TryGetProperty("abandoned", out JsonElement abandoned))
                {
                    foreach (JsonElement scope in abandoned.EnumerateArray())
                    {
                        tracker.OnAbandoned(Describe(scope, string.Empty, 0, null), scope.GetProperty("abandonedAt").GetDateTime().ToUniversalTime());
                    }
                }

                if (document.RootElement.TryGetProperty("abandonedSites", out JsonElement abandonedSites))
                {
                    foreach (JsonElement site in abandonedSites.EnumerateArray())
                    {
                        tracker.OnAbandonedSite(
                            Nonce,
                            Text(site.GetProperty("kind").GetString(), NameFormatter.MaxCodeTextLength),
                            Text(site.GetProperty("file").GetString(), NameFormatter.MaxCodeTextLength),
                            site.GetProperty("line").GetInt32(),
                            Text(site.GetProperty("member").GetString(), NameFormatter.MaxCodeTextLength),
                            Math.Max(site.GetProperty("abandoned").GetInt64(), 0));
                    }
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            problem = $"Its exit snapshot file could not be read ({ex.Message}).";
            return false;
        }
    }

    /// <summary>Feeds the scopes open as a process ended into its tracker, as the exit snapshot it could not send.</summary>
    public static void ApplyAtExit(ScopeTracker tracker, string nonce, List<ScopeDescription> open, IReadOnlyDictionary<int, OwnerInfo> owners)
    {
        lock (tracker.Sync)
        {
            foreach ((int id, OwnerInfo owner) in owners)
            {
                tracker.OnOwnerDefined(id, owner.Kind, owner.Name);
            }

            tracker.OnSnapshotStarted(nonce, (int)SnapshotReason.ProcessExiting, open.Count);
            foreach (ScopeDescription scope in open)
            {
                tracker.OnSnapshotScope(nonce, scope);
            }

            tracker.OnSnapshotCompleted(nonce, (int)SnapshotReason.ProcessExiting, open.Count);
        }
    }

    /// <summary>A scope as the file lists it, open or abandoned: the fields both lists share, its texts cut as a session's are.</summary>
    private static ScopeDescription Describe(JsonElement scope, string stack, int ownerId, List<ParentInfo>? parents) => new(
        scope.GetProperty("id").GetInt64(),
        Text(scope.GetProperty("kind").GetString(), NameFormatter.MaxCodeTextLength),
        Text(scope.GetProperty("name").GetString(), NameFormatter.MaxNameLength),
        Text(scope.GetProperty("file").GetString(), NameFormatter.MaxCodeTextLength),
        scope.GetProperty("line").GetInt32(),
        Text(scope.GetProperty("member").GetString(), NameFormatter.MaxCodeTextLength),
        scope.GetProperty("threadId").GetInt32(),
        scope.GetProperty("parentId").GetInt64(),
        scope.GetProperty("enteredAt").GetDateTime().ToUniversalTime(),
        stack,
        ownerId,
        parents);

    // A runtime before parent tracking under check writes none; a hostile file is cut as the runtime cuts chains.
    private static List<ParentInfo> Parents(JsonElement parents) =>
        [.. parents.EnumerateArray().Take(MaxParents).Select(parent => new ParentInfo(
            Text(parent.GetProperty("kind").GetString(), NameFormatter.MaxCodeTextLength),
            Text(parent.GetProperty("name").GetString(), NameFormatter.MaxNameLength),
            Text(parent.GetProperty("file").GetString(), NameFormatter.MaxCodeTextLength),
            parent.GetProperty("line").GetInt32()))];

    // The file comes from the target: its text gets the same caps as events, whatever wrote it.
    private static string Text(string? value, int maxLength) => value is null ? string.Empty : NameFormatter.ForWire(value, maxLength);
}
