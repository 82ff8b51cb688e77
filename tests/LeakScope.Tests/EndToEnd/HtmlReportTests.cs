using System.Globalization;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The HTML report of real sessions, opened in headless Chromium: the page renders without a console
/// error, a site leaking at a steady pace is drawn rising and called growing, a site holding the
/// same scopes open is drawn flat.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HtmlReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-html-").FullName;

    [Fact]
    public async Task Monitor_DrawsTheGrowingSiteRisingAndTheSteadySiteFlat()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("grow 100");
        string html = Path.Combine(_directory, "monitor.html");

        (int code, CliRun run) = await CliRun.RunAsync("monitor", app.Pid.ToString(CultureInfo.InvariantCulture), "--duration", "8", "-f", "html", "-o", html);

        Assert.True(code == 1, run.Error);
        Assert.Contains("Report written to", run.Error, StringComparison.Ordinal);
        AssertGrowingAndSteady(HeadlessBrowser.Open(html));
    }

    [Fact]
    public async Task CollectThenReport_DrawsTheTimelineFromTheRecordingsEventTimes()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("grow 100");
        string trace = Path.Combine(_directory, "run.nettrace");
        (int collected, CliRun collect) = await CliRun.RunAsync("collect", app.Pid.ToString(CultureInfo.InvariantCulture), "-o", trace, "--duration", "8");
        Assert.True(collected == 0, collect.Error);

        // The report is made well after the recording ended: only the recorded event times can place the points.
        string html = Path.Combine(_directory, "report.html");
        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "-f", "html", "-o", html);

        Assert.True(code == 1, report.Error);
        AssertGrowingAndSteady(HeadlessBrowser.Open(html));
    }

    [Fact]
    public async Task HostileKindsAndNames_AreShownAsText_AndNeverRun()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("script-names");
        app.Run("hostile");
        string html = Path.Combine(_directory, "hostile.html");

        (int code, CliRun run) = await CliRun.RunAsync("monitor", app.Pid.ToString(CultureInfo.InvariantCulture), "--duration", "3", "--min-age", "0", "-f", "html", "-o", html);

        Assert.True(code == 1, run.Error);
        string file = await File.ReadAllTextAsync(html);
        Assert.Equal(2, CountOf(file, "<script"));
        Assert.DoesNotContain("<img", file, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', file);
        Assert.DoesNotContain('\0', file);
        BrowserPage page = HeadlessBrowser.Open(html);
        page.AssertRenderedWithoutErrors();
        Assert.Equal(2, CountOf(page.Dom, "<script"));
        Assert.DoesNotContain("<img", page.Dom, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", page.Dom, StringComparison.Ordinal);
        // The runtime replaces the lone surrogate by U+FFFD before the text leaves the process (docs/security.md).
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;\\x1b[2J\ufffdnnn", page.Dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WritesHtmlByExtension_WithTheLeaksAges_AndSaysWhyItHasNoTimeline()
    {
        using var check = new CheckRunner();
        string html = check.PathOf("check.html");
        string json = check.PathOf("check.json");

        using ChildProcess tool = check.Run(["-o", html, "-o", json], CheckRunner.App("leak 2; exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        BrowserPage page = HeadlessBrowser.Open(html);
        page.AssertRenderedWithoutErrors();
        Assert.Contains("id=\"no-timeline\"", page.Dom, StringComparison.Ordinal);
        Assert.Contains("id=\"processes\"", page.Dom, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(page.Dom, "<td class=\"text owner\">"));

        // The two leaks were open at exit, entered moments before it: one site, both under a minute old (under a second
        // on a quiet machine; a loaded one can take longer from the leak to the exit), the same in the page and in JSON's sites.
        JsonElement site = Assert.Single(JsonReport.Parse(File.ReadAllText(json)).GetProperty("sites").EnumerateArray());
        Assert.Equal(2, site.GetProperty("open").GetInt64());
        long[] ages = [.. site.GetProperty("ages").EnumerateArray().Select(bucket => bucket.GetProperty("count").GetInt64())];
        Assert.Equal(6, ages.Length);
        Assert.Equal(2, ages[0] + ages[1] + ages[2]);
        Assert.Contains($"<tr class=\"site-age\" data-open=\"2\" data-ages=\"{string.Join(',', ages)}\">", page.Dom, StringComparison.Ordinal);
        Assert.False(site.TryGetProperty("growing", out _));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertGrowingAndSteady(BrowserPage page)
    {
        page.AssertRenderedWithoutErrors();
        List<(string Label, double[] Y)> lines = page.Lines("site-line");
        (string _, double[] growing) = Assert.Single(lines, line => line.Label.StartsWith("growing at ", StringComparison.Ordinal));
        (string _, double[] steady) = Assert.Single(lines, line => line.Label.StartsWith("steady at ", StringComparison.Ordinal));

        // Drawn rising: SVG's y grows downwards, so each point is at or above the one before, and the last well above the first.
        Assert.True(growing.Length >= 5, $"{growing.Length} points");
        Assert.All(growing.Zip(growing.Skip(1)), pair => Assert.True(pair.Second <= pair.First, string.Join(' ', growing)));
        Assert.True(growing[^1] < growing[0] - 10, string.Join(' ', growing));
        Assert.True(steady.Length >= 5, $"{steady.Length} points");
        Assert.All(steady, y => Assert.Equal(steady[0], y));
        Assert.Contains("<tr class=\"site\" data-trend=\"growing\"><td class=\"text\">growing</td>", page.Dom, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"site\" data-trend=\"flat\"><td class=\"text\">steady</td>", page.Dom, StringComparison.Ordinal);
        Assert.Contains(page.Lines("overview-line"), line => line.Label.StartsWith("growing at ", StringComparison.Ordinal));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
