using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The tool asks for batched snapshots (docs/events.md, "Snapshots"): a scope's record is written
/// after its slot is released, so a scope that exits while the snapshot runs sends its exit first.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BatchedSnapshotTests : IDisposable
{
    private const int Held = 100_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-batched-").FullName;

    [Fact]
    public async Task Snapshot_ScopesThatExitWhileListed_AreNotReported_AndEveryHeldScopeIs()
    {
        using TargetApp app = TargetApp.Start();

        // The window's slots come first, so the snapshot lists its scopes first; 100,000 names of 256
        // characters then take the paced snapshot over half a second, so a scope listed at the start
        // and wrongly kept open is older than the report's minimum age when the report is made.
        app.Run("window 64");
        int line = app.Run($"hold-named {Held} 256")[0].Line;
        string path = Path.Combine(_directory, "report.json");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0.2", "--format", "json", "-o", path);

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(File.ReadAllText(path));
        Assert.Equal(0, report.Int("eventsLost"));
        Assert.DoesNotContain(report.Groups(), group => group.Str("kind") == "churn-window");
        JsonElement held = Assert.Single(report.Groups());
        Assert.Equal("held", held.Str("kind"));
        Assert.Equal(line, held.Int("line"));
        Assert.Equal(Held, held.Int("count"));
    }

    [Fact]
    public async Task Snapshot_ThatOutlastsTheAttachTimeout_WhileItStillArrives_IsWaitedFor()
    {
        using TargetApp app = TargetApp.Start();

        // 54 MB of records at the runtime's pace of 32 MiB/s after an 8 MiB burst: about 1.4 s, over twice the
        // attach timeout, which is still long enough for a loaded machine to start answering.
        const int held = 2 * Held;
        app.Run($"hold-named {held} 256");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--attach-timeout", "0.6", "--min-age", "0", "--format", "json", "-o", Path.Combine(_directory, "r.json"));

        Assert.True(code == 1, run.Error);
        JsonElement group = Assert.Single(JsonReport.Parse(File.ReadAllText(Path.Combine(_directory, "r.json"))).Groups());
        Assert.Equal(held, group.Int("count"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
