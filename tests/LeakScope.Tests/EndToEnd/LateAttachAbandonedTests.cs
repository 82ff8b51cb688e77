using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A long-running service whose tracked resources were dropped and collected before the tool
/// attached: the runtime's record of abandoned scopes makes them leaks of a late snapshot too.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LateAttachAbandonedTests
{
    /// <summary>What the runtime keeps per call site (docs/events.md, "Abandoned scopes").</summary>
    private const int RecordPerSite = 256;

    [Fact]
    public async Task Snapshot_LateAttach_ListsScopesAbandonedBeforeIt()
    {
        using TargetApp app = TargetApp.Start();
        (int fileLine, int connectionLine) = AbandonThenHold(app, abandoned: 24, open: 6);

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Out + run.Error);
        AssertAllThirtyLeaks(JsonReport.Parse(run.Out), fileLine, connectionLine);
    }

    [Fact]
    public async Task Monitor_LateAttach_ListsScopesAbandonedBeforeIt()
    {
        using TargetApp app = TargetApp.Start();
        (int fileLine, int connectionLine) = AbandonThenHold(app, abandoned: 24, open: 6);

        (int code, CliRun run) = await CliRun.RunAsync("monitor", app.Pid.ToString(), "--min-age", "0", "--duration", "2", "--format", "json");

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("stopped", report.Str("ending"));
        AssertAllThirtyLeaks(report, fileLine, connectionLine);
    }

    [Fact]
    public async Task CollectThenReport_LateAttach_ListsScopesAbandonedBeforeIt()
    {
        using TargetApp app = TargetApp.Start();
        (int fileLine, int connectionLine) = AbandonThenHold(app, abandoned: 24, open: 6);
        string directory = Directory.CreateTempSubdirectory("leakscope-abandoned-").FullName;
        try
        {
            string trace = Path.Combine(directory, "late.nettrace");
            (int collected, CliRun collect) = await CliRun.RunAsync("collect", app.Pid.ToString(), "-o", trace, "--duration", "1");
            Assert.True(collected == 0, collect.Error);

            (int code, CliRun run) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");

            Assert.True(code == 1, run.Out + run.Error);
            AssertAllThirtyLeaks(JsonReport.Parse(run.Out), fileLine, connectionLine);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Snapshot_MoreAbandonedThanTheRecordKeeps_ListsTheMostRecentAndCountsTheRest()
    {
        const int Abandoned = RecordPerSite + 44;
        using TargetApp app = TargetApp.Start();
        int fileLine = app.Run($"abandon {Abandoned}")[0].Line;
        app.Run("gc");
        Assert.Equal($"abandoned {Abandoned}", Assert.Single(app.Said));

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("leaks", report.Str("verdict"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(RecordPerSite, leaks.Count);
        Assert.All(leaks, leak => Assert.Equal(("abandoned", fileLine), (leak.Str("state"), leak.Int("line"))));

        // The record keeps the most recently abandoned, in the order the finalizer happened to run them.
        var dropped = Enumerable.Range(0, Abandoned).Select(i => $"report-{i}.csv").ToHashSet();
        Assert.Equal(RecordPerSite, leaks.Select(l => l.Str("name")).Where(dropped.Contains).Distinct().Count());
        JsonElement group = Assert.Single(report.Groups());
        Assert.Equal((RecordPerSite, RecordPerSite, 44), (group.Int("count"), group.Int("abandoned"), group.Int("abandonedUnlisted")));
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), note => note.GetString()!.Contains("44 abandoned scope(s)", StringComparison.Ordinal));

        (int textCode, CliRun text) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");
        Assert.Equal(1, textCode);
        Assert.Contains($"{RecordPerSite} ({RecordPerSite} abandoned, 44 more not listed)", text.Out, StringComparison.Ordinal);
    }

    /// <summary>Drops tracked files until the collector has abandoned them all, then leaves connections open; returns both lines.</summary>
    private static (int FileLine, int ConnectionLine) AbandonThenHold(TargetApp app, int abandoned, int open)
    {
        int fileLine = app.Run($"abandon {abandoned}")[0].Line;
        app.Run("gc");
        Assert.Equal($"abandoned {abandoned}", Assert.Single(app.Said));
        int connectionLine = app.Run($"leak {open}")[0].Line;
        return (fileLine, connectionLine);
    }

    private static void AssertAllThirtyLeaks(JsonElement report, int fileLine, int connectionLine)
    {
        Assert.Equal("leaks", report.Str("verdict"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(30, leaks.Count);

        List<JsonElement> abandoned = leaks.Where(l => l.Str("state") == "abandoned").ToList();
        Assert.Equal(24, abandoned.Count);
        Assert.All(abandoned, leak =>
        {
            Assert.Equal("file", leak.Str("kind"));
            Assert.EndsWith("AbandonedFile.cs", leak.Str("file"), StringComparison.Ordinal);
            Assert.Equal(fileLine, leak.Int("line"));
            Assert.Equal("TrackAndDrop", leak.Str("member"));
        });
        Assert.Equal(
            Enumerable.Range(0, 24).Select(i => $"report-{i}.csv").Order(StringComparer.Ordinal),
            abandoned.Select(l => l.Str("name")).Order(StringComparer.Ordinal));
        Assert.Equal(24, abandoned.Select(l => l.GetProperty("id").GetInt64()).Distinct().Count());

        List<JsonElement> open = leaks.Where(l => l.Str("state") == "open").ToList();
        Assert.Equal(6, open.Count);
        Assert.All(open, leak => Assert.Equal(("db-connection", connectionLine), (leak.Str("kind"), leak.Int("line"))));

        JsonElement files = Assert.Single(report.Groups(), g => g.Str("kind") == "file");
        Assert.Equal((24, 24, 0), (files.Int("count"), files.Int("abandoned"), files.Int("abandonedUnlisted")));
    }
}
