using LeakScope.Cli.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Kinds, names and paths are data from the application: NUL, escape sequences, newlines, lone
/// surrogates and 100 KB of text must neither desynchronise the reader nor reach a terminal raw nor
/// crash a report writer ("hostile" in the test app).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileNameTests : IDisposable
{
    private const int ExplicitLine = 7;
    private readonly CheckRunner _check = new();

    [Fact]
    public async Task Snapshot_OfHostileNames_ReadsEveryFieldInItsPlace()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("hostile");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        AssertEveryFieldInItsPlace(JsonReport.Parse(run.Out), sites);
    }

    [Fact]
    public async Task MonitorAllEvents_OfHostileNames_ReadsEveryFieldInItsPlace()
    {
        // Entered after the attach: the names travel as UTF-8 in compact full-mode records, and in the
        // closing snapshot's batched records, not as event strings.
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--min-age", "0", "--duration", "3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        var sites = app.Run("hostile");

        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error);
        AssertEveryFieldInItsPlace(JsonReport.Parse(run.Out), sites);
    }

    private static void AssertEveryFieldInItsPlace(JsonElement report, List<(string Kind, string File, int Line)> sites)
    {
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal(0, report.Int("eventsLost"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal(5, leaks.Count);
        Assert.Equal(sites.Select(s => s.Line).Order(), leaks.Select(l => l.Int("line")).Order());
        Assert.All(leaks, l => Assert.InRange(l.GetProperty("ageSeconds").GetDouble(), 0, 3600));
        Assert.Contains(leaks, l => l.Str("kind") == "kind\uFFFDafter-nul" && l.Str("name") == "name\uFFFDafter-nul");
        Assert.Contains(leaks, l => l.Str("kind") == "lone\uFFFDsurrogate");
        Assert.Contains(leaks, l => l.Str("file") == "/src/with\uFFFDnul/Hostile\u001b[31m.cs" && l.Str("member") == "Mem\nber");
        JsonElement huge = Assert.Single(leaks, l => l.Str("kind").StartsWith("kkk", StringComparison.Ordinal));
        Assert.InRange(huge.Str("kind").Length, 100, 1024);
        Assert.InRange(huge.Str("name").Length, 10, 4096);
    }

    [Fact]
    public async Task TextReport_ShowsControlCharactersEscaped_OneRowPerSite()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("hostile");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");

        Assert.True(code == 1, run.Error);
        AssertNoRawControlCharacters(run.Out);
        Assert.Contains("esc\\x1b[2J\\x1b]0;pwned\\x07", run.Out, StringComparison.Ordinal);
        Assert.Contains("line1\\nline2\\roverwritten\\u202e", run.Out, StringComparison.Ordinal);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Hostile\\x1b[31m.cs:{ExplicitLine} (Mem\\nber)"), run.Out, StringComparison.Ordinal);
        string[] rows = run.Out.Split('\n').SkipWhile(l => !l.Contains("OPENED AT", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.Equal(5, rows.Length);
    }

    [Fact]
    public async Task LiveTable_ShowsControlCharactersEscaped()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("hostile");
        var monitor = new CliRun(terminal: true);

        int code = await monitor.InvokeAsync("monitor", app.Pid.ToString(), "--min-age", "0", "--duration", "3", "--refresh-interval", "1");

        Assert.True(code == 1, monitor.Error);
        string frames = LiveTable.OwnSequences.Aggregate(monitor.Out, (text, sequence) => text.Replace(sequence, string.Empty, StringComparison.Ordinal));
        Assert.Contains("esc\\x1b[2J", frames, StringComparison.Ordinal);
        AssertNoRawControlCharacters(frames);
    }

    [Fact]
    public void Check_OfHostileNames_WritesEveryFormat_Escaped_AndCapped()
    {
        string[] outputs = ["r.json", "r.sarif", "r.xml", "r.md", "r.txt"];
        using ChildProcess tool = _check.Run(
            [.. outputs.SelectMany(o => new[] { "-o", _check.PathOf(o) })],
            CheckRunner.App("hostile;long-parents 300 100000;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);

        // Under check every scope that had a child is kept as a parent link: 300 of 100,000 characters each
        // must keep their names only as far as a report can show them (4,096), not 60 MB.
        string retained = tool.Output.Split('\n').Single(line => line.StartsWith("retained ", StringComparison.Ordinal));
        Assert.InRange(long.Parse(retained["retained ".Length..], System.Globalization.CultureInfo.InvariantCulture), long.MinValue, 12_000_000);
        Assert.InRange(tool.Errors.Length, 100, 20_000);
        AssertNoRawControlCharacters(tool.Errors);
        List<JsonElement> leaks = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).Leaks();
        Assert.Equal(5, leaks.Count);
        Assert.All(leaks, l => Assert.InRange(l.Str("kind").Length, 1, 1024));
        Assert.Contains(leaks, l => l.Str("kind") == "kind\uFFFDafter-nul");
        XDocument junit = XDocument.Load(_check.PathOf("r.xml"));
        Assert.Equal(5, junit.Descendants("failure").Count());
        JsonDocument.Parse(File.ReadAllText(_check.PathOf("r.sarif"))).Dispose();
        AssertNoRawControlCharacters(File.ReadAllText(_check.PathOf("r.md")));
        AssertNoRawControlCharacters(File.ReadAllText(_check.PathOf("r.txt")));
        Assert.All(outputs, o => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_check.PathOf(o))));
        Assert.Equal(outputs.Order(), Directory.GetFiles(_check.Scratch).Select(Path.GetFileName).Order());
    }

    public void Dispose() => _check.Dispose();

    private static void AssertNoRawControlCharacters(string text)
    {
        int bad = text.AsSpan().IndexOfAnyInRange('\u0000', '\u0009');
        bad = bad >= 0 ? bad : text.AsSpan().IndexOfAnyInRange('\u000b', '\u001f');
        bad = bad >= 0 ? bad : text.IndexOfAny(['\u007f', '\u009b', '\u202e']);
        Assert.True(bad < 0, $"raw control character U+{(bad >= 0 ? (int)text[bad] : 0):X4} at {bad} in:\n{text[..Math.Min(text.Length, 2000)]}");
    }
}
