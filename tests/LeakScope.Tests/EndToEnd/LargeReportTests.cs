using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A report of tens of thousands of leaks is streamed entry by entry (docs/performance.md): it must
/// still arrive whole and valid, and a disk that fills half-way must still leave nothing behind.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LargeReportTests : IDisposable
{
    private const int Leaks = 50_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-large-").FullName;

    [Fact]
    public async Task Snapshot_OfFiftyThousandLeaks_WritesEveryOne_ToAFileAndToStandardOutput()
    {
        using TargetApp app = TargetApp.Start();
        int line = app.Run($"leak {Leaks}")[0].Line;
        string path = Path.Combine(_directory, "report.json");

        (int toFile, CliRun fileRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", path);
        (int toConsole, CliRun consoleRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(toFile == 1, fileRun.Error);
        Assert.True(toConsole == 1, consoleRun.Error);
        AssertEveryLeak(JsonReport.Parse(File.ReadAllText(path)), line);
        AssertEveryLeak(JsonReport.Parse(consoleRun.Out), line);
    }

    [Fact]
    public async Task Snapshot_OfFiftyThousandLeaks_OntoADiskThatFillsMidStream_FailsWithItsOwnCode_AndLeavesNothing()
    {
        // About 15 MB of JSON onto 1 MB: the first flushes succeed and a later one finds the disk full.
        using TinyFileSystem? disk = TinyFileSystem.TryMount(_directory, "1m");
        if (disk is null)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run($"leak {Leaks}");
        string report = Path.Combine(disk.Path, "report.json");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", report);

        Assert.True(code == 15, run.Error);
        Assert.Equal($"leakscope: Cannot write the report to {report}: No space left on device", run.Error.Trim());
        Assert.Empty(run.Out);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertEveryLeak(JsonElement report, int line)
    {
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(0, report.Int("eventsLost"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(Enumerable.Range(0, Leaks).Select(i => "orders-" + i).Order(StringComparer.Ordinal), leaks.Select(l => l.Str("name")).Order(StringComparer.Ordinal));
        Assert.Equal(Leaks, leaks.Select(l => l.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.All(leaks, l => Assert.Equal(line, l.Int("line")));
        double[] ages = [.. leaks.Select(l => l.GetProperty("ageSeconds").GetDouble())];
        Assert.Equal(ages.OrderDescending(), ages);
        JsonElement group = Assert.Single(report.Groups());
        Assert.Equal(Leaks, group.Int("count"));
    }
}
