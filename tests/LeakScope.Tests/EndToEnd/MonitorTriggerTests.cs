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

    [Fact]
    public async Task OnLeakCollect_KeepsTheDirectoryWithinTheByteBound_WhileWriting_RemovingTheOldestFirst()
    {
        // 3,000 open scopes make each trace about 120 KB (two snapshots of them): two never fit in 200 KiB.
        const long bound = 200 * 1024;
        using TargetApp app = TargetApp.Start();
        app.Run("leak 3000");
        var sites = app.Run("trend-grow 50");
        var run = new CliRun();

        Task<int> monitor = run.InvokeAsync(
            "monitor", app.Pid.ToString(CultureInfo.InvariantCulture),
            "--fail-on", "growing", "--growth-window", "3", "--refresh-interval", "0.25",
            "--on-leak", "collect", "--trigger-output", _directory, "--trigger-duration", "1", "--trigger-cooldown", "0", "--trigger-max-bytes", "200K",
            "--format", "json");
        await Eventually.AttachedAsync(run, monitor);

        // Every file in the directory counts, the trace being written (under its temporary name) included, at every look.
        long most = 0;
        await Eventually.TrueAsync(
            () =>
            {
                most = Math.Max(most, new DirectoryInfo(_directory).EnumerateFiles().Sum(file => Length(file)));
                return Regex.Matches(run.Error, "^Wrote ", RegexOptions.Multiline).Count >= 3;
            },
            "three triggered traces",
            () => monitor.IsCompleted);
        run.Signal.Raise();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        Assert.True(most <= bound, $"{most} bytes in the directory at one look: {run.Error}");
        List<string> notes = [.. JsonReport.Parse(run.Out).GetProperty("notes").EnumerateArray().Select(note => note.GetString()!)];
        List<string> written = [.. notes.Where(note => note.StartsWith("Triggered trace written: ", StringComparison.Ordinal)).Select(note => note["Triggered trace written: ".Length..])];
        List<string> removed = [.. notes.Where(note => note.StartsWith("Triggered trace removed, oldest first", StringComparison.Ordinal)).Select(note => note[(note.LastIndexOf(": ", StringComparison.Ordinal) + 2)..])];
        Assert.True(written.Count >= 3, run.Error);

        // Each trace made room by removing the one before it, oldest first, as it was being written: one is left.
        Assert.Equal(written.SkipLast(1), removed.Take(written.Count - 1));
        string[] kept = Directory.GetFiles(_directory, "*.nettrace");
        Assert.Equal([written[^1]], kept);
        Assert.True(new FileInfo(kept[0]).Length <= bound);
        (int reportCode, CliRun read) = await CliRun.RunAsync("report", kept[0], "--format", "json");
        Assert.True(reportCode == 1, read.Error);
        JsonElement fromFile = JsonReport.Parse(read.Out);
        Assert.False(fromFile.GetProperty("partial").GetBoolean());
        Assert.Contains(fromFile.Groups(), g => g.Int("line") == sites[0].Line);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A file removed between listing and sizing counts nothing.
    private static long Length(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static DateTime StartOf(string path)
    {
        Match time = Regex.Match(Path.GetFileName(path), @"^leakscope-(\d{8}T\d{6}\.\d{3})Z-\d+\.nettrace$");
        Assert.True(time.Success, path);
        return DateTime.ParseExact(time.Groups[1].Value, "yyyyMMdd'T'HHmmss'.'fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
