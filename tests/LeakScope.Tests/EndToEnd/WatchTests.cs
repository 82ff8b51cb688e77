using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Resources followed with <c>Scope.Watch</c> (TestApp "watch"): those closed by their owner or
/// without Dispose (a file by its StreamReader, a reader by closing its connection, a committed
/// transaction, a closed connection, a connection never opened or already disposed when watched) are
/// not reported; the file, the reader and the connection opened after it was watched, really left
/// open, are, each at the line that watched it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WatchTests : IDisposable
{
    private readonly CheckRunner _check = new();

    [Fact]
    public async Task Snapshot_ReportsOnlyTheWatchedResourcesReallyLeftOpen()
    {
        using TargetApp app = TargetApp.Start();
        List<(string Kind, string File, int Line)> sites = app.Run("watch");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(LeakSites(sites), Reported(report));
        Assert.All(report.Leaks(), leak => Assert.Equal("open", leak.Str("state")));
    }

    [Fact]
    public void Check_ReportsOnlyTheWatchedResourcesReallyLeftOpen()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], CheckRunner.App("watch;exit"));

        Assert.True(tool.ExitCode == 1, tool.Output + tool.Errors);
        List<(string Kind, string File, int Line)> sites = [.. tool.Output.Split('\n').Select(l => l.Split(' ')).Where(w => w is ["site", _, _, _]).Select(w => (w[1], w[2], int.Parse(w[3], System.Globalization.CultureInfo.InvariantCulture)))];
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(LeakSites(sites), Reported(report));
    }

    public void Dispose() => _check.Dispose();

    /// <summary>The sites the app reported for its real leaks: kinds not starting with "closed-".</summary>
    private static List<(string Kind, string File, int Line)> LeakSites(List<(string Kind, string File, int Line)> sites)
    {
        Assert.Equal(9, sites.Count);
        return [.. sites.Where(s => !s.Kind.StartsWith("closed-", StringComparison.Ordinal)).Order()];
    }

    private static List<(string Kind, string File, int Line)> Reported(JsonElement report) =>
        [.. report.Leaks().Select(l => (l.Str("kind"), Path.GetFileName(l.Str("file")), l.Int("line"))).Order()];
}
