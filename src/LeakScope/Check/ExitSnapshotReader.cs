using System.Text.Json;
using LeakScope.Cli.Model;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>Feeds the exit snapshot file a process wrote as it exited (docs/events.md) into its tracker.</summary>
internal static class ExitSnapshotReader
{
    private const string Nonce = "exit-file";

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
                abruptEnd = (why, document.RootElement.TryGetProperty("cause", out JsonElement cause) ? cause.GetString() ?? "unknown" : "unknown");
            }

            lock (tracker.Sync)
            {
                tracker.OnSnapshotStarted(Nonce, (int)SnapshotReason.ProcessExiting, scopes.GetArrayLength());
                foreach (JsonElement scope in scopes.EnumerateArray())
                {
                    tracker.OnSnapshotScope(Nonce, new ScopeDescription(
                        scope.GetProperty("id").GetInt64(),
                        scope.GetProperty("kind").GetString() ?? string.Empty,
                        scope.GetProperty("name").GetString() ?? string.Empty,
                        scope.GetProperty("file").GetString() ?? string.Empty,
                        scope.GetProperty("line").GetInt32(),
                        scope.GetProperty("member").GetString() ?? string.Empty,
                        scope.GetProperty("threadId").GetInt32(),
                        scope.GetProperty("parentId").GetInt64(),
                        scope.GetProperty("enteredAt").GetDateTime().ToUniversalTime(),
                        scope.TryGetProperty("stack", out JsonElement stack) ? stack.GetString() ?? string.Empty : string.Empty));
                }

                tracker.OnSnapshotCompleted(Nonce, (int)SnapshotReason.ProcessExiting, scopes.GetArrayLength());
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            problem = $"Its exit snapshot file could not be read ({ex.Message}).";
            return false;
        }
    }
}
