using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary><c>ps --format json</c>: the processes ps lists, in the schema of docs/report-format.md.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PsCommandTests
{
    [Fact]
    public async Task PsJson_ListsTheProcess_WithTheNameTextShows()
    {
        using TargetApp app = TargetApp.Start();

        (int code, CliRun json) = await CliRun.RunAsync("ps", "--format", "json");
        (int textCode, CliRun text) = await CliRun.RunAsync("ps");

        Assert.True(code == 0, json.Error);
        Assert.Equal(0, textCode);
        using JsonDocument document = JsonDocument.Parse(json.Out);
        JsonElement root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("otherUsers").GetInt32() >= 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("foreignSockets").ValueKind);
        JsonElement entry = Assert.Single(root.GetProperty("processes").EnumerateArray(), p => p.GetProperty("pid").GetInt32() == app.Pid);
        Assert.Equal("LeakScope.TestApp", entry.GetProperty("name").GetString());
        Assert.Equal("dotnet", entry.GetProperty("executable").GetString());
        Assert.EndsWith("LeakScope.TestApp.dll", entry.GetProperty("commandLine").GetString(), StringComparison.Ordinal);
        Assert.Contains(text.Out.Split('\n'), line => line.TrimStart().StartsWith($"{app.Pid}  LeakScope.TestApp ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStaleSocketNamedForAThreadOfAnotherProcess_IsNotListedAsAProcess()
    {
        // A killed process leaves its socket behind; its number can come back as a thread id of a
        // later process, and /proc/<tid> exists (hidden from listings) with that process's command line.
        using TargetApp app = TargetApp.Start();
        int thread = Directory.EnumerateDirectories($"/proc/{app.Pid}/task")
            .Select(path => int.Parse(Path.GetFileName(path), System.Globalization.CultureInfo.InvariantCulture))
            .First(tid => tid != app.Pid);
        string stale = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{thread}-1-socket");
        File.WriteAllText(stale, string.Empty);
        try
        {
            (int code, CliRun json) = await CliRun.RunAsync("ps", "--format", "json");

            Assert.True(code == 0, json.Error);
            using JsonDocument document = JsonDocument.Parse(json.Out);
            int[] pids = [.. document.RootElement.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32())];
            Assert.Contains(app.Pid, pids);
            Assert.DoesNotContain(thread, pids);
        }
        finally
        {
            File.Delete(stale);
        }
    }

    [Fact]
    public async Task PsHelp_ShowsTheFormats()
    {
        (int code, CliRun help) = await CliRun.RunAsync("ps", "--help");

        Assert.Equal(0, code);
        Assert.Contains("-f, --format <text|json>", help.Out, StringComparison.Ordinal);
        Assert.Contains("[default: text]", help.Out, StringComparison.Ordinal);
    }
}
