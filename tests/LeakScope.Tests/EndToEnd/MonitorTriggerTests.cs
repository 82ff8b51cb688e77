using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>monitor --on-leak collect: traces recorded as conditions hold, readable by 'leakscope report', no more often than the cooldown, no more kept than the bound.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class MonitorTriggerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-triggers-").FullName;

    [Fact]
    public async Task OnLeakCollect_WritesReadableTraces_RespectingTheCooldown_AndKeepsTheNewestOnly()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("trend-grow 50");
        string unrelated = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(unrelated, "not a trace: never pruned");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync(
            "monitor", app.Pid.ToString(CultureInfo.InvariantCulture),
            "--fail-on", "growing", "--growth-window", "3", "--refresh-interval", "0.25",
            "--on-leak", "collect", "--trigger-output", _directory, "--trigger-duration", "1", "--trigger-cooldown", "4", "--trigger-max-files", "2",
            "--format", "json");
        await Eventually.AttachedAsync(run, monitor);

        // Keeps watching after the first trace: stopped by hand once three have been written.
        await Eventually.TrueAsync(() => Regex.Matches(run.Error, "^Wrote ", RegexOptions.Multiline).Count >= 3, "three triggered traces", () => monitor.IsCompleted);
        run.Signal.Raise();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("growing", report.GetProperty("alert").Str("condition"));
        List<string> written = [.. report.GetProperty("notes").EnumerateArray()
            .Select(note => note.GetString()!)
            .Where(note => note.StartsWith("Triggered trace written: ", StringComparison.Ordinal))
            .Select(note => note["Triggered trace written: ".Length..])];
        Assert.True(written.Count >= 3, run.Error);

        // Started no closer than the cooldown: the names hold the start times.
        List<DateTime> starts = [.. written.Select(StartOf)];
        for (int i = 1; i < starts.Count; i++)
        {
            Assert.True(starts[i] - starts[i - 1] >= TimeSpan.FromSeconds(4), $"{starts[i - 1]:O} then {starts[i]:O}");
        }

        // The two newest kept, the older removed; nothing else touched.
        string[] kept = [.. Directory.GetFiles(_directory, "*.nettrace").Order(StringComparer.Ordinal)];
        Assert.Equal(written.TakeLast(2), kept);
        Assert.True(File.Exists(unrelated));
        Assert.Empty(Directory.GetFiles(_directory, ".*"));
        foreach (string trace in kept)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(trace));
            (int reportCode, CliRun read) = await CliRun.RunAsync("report", trace, "--format", "json");
            Assert.True(reportCode == 1, read.Error);
            JsonElement fromFile = JsonReport.Parse(read.Out);
            Assert.Equal("recorded", fromFile.Str("ending"));
            Assert.False(fromFile.GetProperty("partial").GetBoolean());
            Assert.Contains(fromFile.Groups(), g => g.Int("line") == sites[0].Line);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DateTime StartOf(string path)
    {
        Match time = Regex.Match(Path.GetFileName(path), @"^leakscope-(\d{8}T\d{6}\.\d{3})Z-\d+\.nettrace$");
        Assert.True(time.Success, path);
        return DateTime.ParseExact(time.Groups[1].Value, "yyyyMMdd'T'HHmmss'.'fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
