using System.Diagnostics.Tracing;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;
using Microsoft.Diagnostics.NETCore.Client;

namespace LeakScope.Cli.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class CollectReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-traces-").FullName;

    [Fact]
    public async Task CollectThenReport_FindsWhatMonitorFoundOnTheSameRun()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        string trace = Path.Combine(_directory, "run.nettrace");
        var monitor = new CliRun();
        var collect = new CliRun();

        Task<int> monitoring = monitor.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0", "--duration", "4", "--format", "json");
        Task<int> collecting = collect.InvokeAsync("collect", app.Pid.ToString(), "-o", trace, "--min-age", "0", "--duration", "4");
        await Eventually.TrueAsync(() => monitor.Error.Contains("Attached to", StringComparison.Ordinal) && collect.Error.Contains("Recording", StringComparison.Ordinal), "both sessions to attach");
        app.Run("leak 1");
        app.Run("balanced 100");
        Assert.True(await collecting.WaitAsync(ChildProcess.Patience) == 0, collect.Error);
        Assert.Equal(1, await monitoring.WaitAsync(ChildProcess.Patience));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(trace));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
        Assert.Matches(@"Wrote .*run\.nettrace: \d+ events, 0 lost, \d+ bytes\.", collect.Error);
        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");

        Assert.Equal(1, code);
        JsonElement fromFile = JsonReport.Parse(report.Out);
        JsonElement live = JsonReport.Parse(monitor.Out);
        Assert.Equal("recorded", fromFile.Str("ending"));
        Assert.False(fromFile.GetProperty("partial").GetBoolean());
        Assert.Equal(Ids(live), Ids(fromFile));
        Assert.Equal(3, Ids(fromFile).Count);
        Assert.All(fromFile.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Report_ReadsARecordingMadeTheWayDotnetTraceDoes()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        string trace = Path.Combine(_directory, "dotnet-trace.nettrace");

        // dotnet-trace --providers LeakScope: all keywords, verbose, the stream copied to a file.
        var provider = new EventPipeProvider("LeakScope", EventLevel.Verbose, keywords: -1);
        var client = new DiagnosticsClient(app.Pid);
        using (EventPipeSession session = client.StartEventPipeSession(provider, requestRundown: false))
        await using (var file = new FileStream(trace, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1))
        {
            Task copy = session.EventStream.CopyToAsync(file);
            app.Run("balanced 10");
            await Eventually.TrueAsync(() => HoldsASnapshot(trace), "the recording to hold a snapshot");
            session.Stop();
            await copy.WaitAsync(ChildProcess.Patience);
        }

        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");

        Assert.True(code == 1, report.Error);
        List<JsonElement> leaks = JsonReport.Parse(report.Out).Leaks();
        Assert.Equal(2, leaks.Count);
        Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Collect_EndsWhenTheTargetExits_AndKeepsTheRecording()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 2");
        string trace = Path.Combine(_directory, "until-exit.nettrace");
        var collect = new CliRun();

        Task<int> collecting = collect.InvokeAsync("collect", app.Pid.ToString(), "-o", trace, "--min-age", "0");
        await Eventually.TrueAsync(() => collect.Error.Contains("Recording", StringComparison.Ordinal), "collect to attach", () => collecting.IsCompleted);
        app.Process.Send("exit");
        Assert.True(await collecting.WaitAsync(ChildProcess.Patience) == 0, collect.Error);

        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");
        Assert.True(code == 1, report.Error);
        Assert.All(JsonReport.Parse(report.Out).Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        Assert.Equal(2, JsonReport.Parse(report.Out).Leaks().Count);
    }

    [Fact]
    public async Task TruncatedRecordings_AreReportedAsPartial_WithExitCode11()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 2");
        string trace = Path.Combine(_directory, "whole.nettrace");
        (int collected, CliRun collect) = await CliRun.RunAsync("collect", app.Pid.ToString(), "-o", trace, "--duration", "2", "--min-age", "0");
        Assert.True(collected == 0, collect.Error);
        byte[] whole = File.ReadAllBytes(trace);

        foreach (double fraction in new[] { 0.4, 0.6, 0.8, 0.95 })
        {
            string cut = Path.Combine(_directory, $"cut-{fraction}.nettrace");
            File.WriteAllBytes(cut, whole[..(int)(whole.Length * fraction)]);

            (int code, CliRun report) = await CliRun.RunAsync("report", cut, "--format", "json");

            Assert.True(code == 11, $"cut at {fraction}: exit {code}, {report.Error}");
            JsonElement json = JsonReport.Parse(report.Out);
            Assert.True(json.GetProperty("partial").GetBoolean());
            Assert.Equal("inconclusive", json.Str("verdict"));
            Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("Partial: the file ends abruptly after ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public async Task EmptyOrGarbageFiles_AreNotTraces_WithExitCode10(int garbageBytes)
    {
        string path = Path.Combine(_directory, "bad.nettrace");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, garbageBytes).Select(i => (byte)(i * 7919))]);

        (int code, CliRun report) = await CliRun.RunAsync("report", path);

        Assert.Equal(10, code);
        Assert.Contains("is not a trace file", Assert.Single(report.Error.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal(string.Empty, report.Out);
    }

    [Fact]
    public async Task MissingFile_IsABadArgument()
    {
        (int code, CliRun report) = await CliRun.RunAsync("report", Path.Combine(_directory, "none.nettrace"));

        Assert.Equal(3, code);
        Assert.StartsWith("leakscope: No such file: ", report.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Reads what has been written so far (a partial file is fine) and looks for a complete snapshot.
    private static bool HoldsASnapshot(string trace)
    {
        string copy = trace + ".probe";
        File.Copy(trace, copy, overwrite: true);
        try
        {
            var contents = LeakScope.Cli.Tracing.TraceFileReader.Read(copy);
            return contents.Tracker.AnySnapshotCompleted;
        }
        catch (LeakScopeException)
        {
            return false;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static SortedSet<long> Ids(JsonElement report) => [.. report.Leaks().Select(l => l.GetProperty("id").GetInt64())];
}
