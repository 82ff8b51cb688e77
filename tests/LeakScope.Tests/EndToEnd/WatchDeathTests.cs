using System.Diagnostics;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Watched resources whose closing only a probe sees (a stream closed by its StreamReader, a reader
/// and a transaction ended by their connection), in a process SIGKILLed right after, as vstest does
/// to its testhost: the state file cannot say whether they were closed since the last sweep, so the
/// report must not call them leaks as if it knew; a real leak must still never come out clean.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WatchDeathTests : IDisposable
{
    // Long enough that no sweep probes the young resources before the kill: the worst case, made certain.
    private static readonly string[] s_noAgedSweep = ["--announce-after", "00:10:00"];

    private readonly CheckRunner _check = new();

    [Fact]
    public void SigkilledApp_WithWatchedResourcesClosedByTheirOwners_IsNotReportedAsLeaking()
    {
        using ChildProcess tool = _check.StartApp([.. s_noAgedSweep, "-o", _check.PathOf("r.json")], "watch-closed", out int appPid);

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool);
        Assert.True(tool.ExitCode == 2, $"exit {tool.ExitCode}, expected 2 (inconclusive). Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.Equal("inconclusive", report.Str("verdict"));
        Assert.Contains(Notes(report), n => n.Contains("watched", StringComparison.Ordinal));
    }

    [Fact]
    public void SigkilledApp_WithWatchedResourcesReallyLeftOpen_IsNeverClean()
    {
        using ChildProcess tool = _check.StartApp([.. s_noAgedSweep, "-o", _check.PathOf("r.json")], "watch", out int appPid);

        Process.GetProcessById(appPid).Kill();

        JsonElement report = Finish(tool);
        Assert.True(tool.ExitCode == 2, $"exit {tool.ExitCode}, expected 2 (inconclusive). Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.Equal("inconclusive", report.Str("verdict"));
        List<string> names = [.. report.Leaks().Select(l => l.Str("name"))];
        Assert.Contains("leaked.txt", names);
        Assert.Contains("reports", names);
    }

    public void Dispose() => _check.Dispose();

    private static List<string> Notes(JsonElement report) =>
        [.. report.GetProperty("processes").EnumerateArray().SelectMany(p => p.GetProperty("notes").EnumerateArray()).Select(n => n.GetString()!)];

    private JsonElement Finish(ChildProcess tool)
    {
        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not end when its app died.");
        return JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
    }
}
