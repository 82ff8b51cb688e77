using System.Text;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tests.Support;
using LeakScope.Cli.Tracing;
using Xunit.Abstractions;

namespace LeakScope.Cli.Tests.Reporting;

/// <summary>The HTML report's bounds and escaping, from reports built here, checked in headless Chromium.</summary>
public sealed class HtmlReportWriterTests(ITestOutputHelper output) : IDisposable
{
    private const int TwoMegabytes = 2 * 1024 * 1024;
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-html-unit-").FullName;

    [Fact]
    public void AnHourOfABusyService_IsUnderTwoMegabytes_AndRenders()
    {
        // 250 call sites summarized every second for an hour (3,600 rounds), one of them leaking, and 5,000 leaks.
        var timeline = new SiteTimeline();
        SiteInfo[] sites = [.. Enumerable.Range(0, 250).Select(i => new SiteInfo("db-connection", $"/home/build/src/Orders.Api/Services/Processing/OrderProcessingService{i}.cs", 100 + i, "HandleOrderAsync"))];
        var random = new Random(7);
        DateTime start = s_now.UtcDateTime.AddHours(-1);
        for (int second = 0; second < 3600; second++)
        {
            for (int i = 0; i < sites.Length; i++)
            {
                timeline.Record(sites[i], start.AddSeconds(second), i == 0 ? second / 2 : random.Next(0, 1000));
            }
        }

        List<KnownOpenScope> open = [.. Enumerable.Range(0, 5000).Select(i => Open(i + 1, sites[i % sites.Length], "orders-" + i, 30 + i))];
        LeakReport report = Report(open) with { Timeline = timeline.Freeze() };

        string html = Write(report, "hour.html");

        long size = new FileInfo(html).Length;
        output.WriteLine($"An hour of 250 sites and 5,000 leaks: {size} bytes.");
        Assert.True(size < TwoMegabytes, $"{size} bytes");
        BrowserPage page = HeadlessBrowser.Open(html);
        page.AssertRenderedWithoutErrors();
        List<(string Label, double[] Y)> lines = page.Lines("site-line");
        Assert.Equal(SiteTimeline.DefaultMaxSites, lines.Count);
        Assert.All(lines, line => Assert.True(line.Y.Length <= SiteTimeline.DefaultMaxPoints));
        Assert.Equal(HtmlReportWriter.MaxLeakRows, page.Dom.Split("<td class=\"text owner\">").Length - 1);
        Assert.Contains("4000 more leaks are not shown", page.Dom, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFromTheTarget_IsShownAsText_AndCannotEndTheScriptData()
    {
        string markup = "</script><script>alert(1)</script>";
        string name = "<!--\u0000\u001b[2J\ud800" + new string('n', 100_000);
        var site = new SiteInfo(markup, "/src/\u202eevil.cs", 3, "<b>Member</b>\udc00");
        var timeline = new SiteTimeline();
        for (int second = 0; second < 6; second++)
        {
            timeline.Record(site, s_now.UtcDateTime.AddSeconds(second - 10), second);
        }

        LeakReport report = Report([Open(1, site, name, 12)]) with { Timeline = timeline.Freeze() };

        string html = Write(report, "hostile.html");

        string file = File.ReadAllText(html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        Assert.Equal(2, file.Split("<script").Length - 1);
        Assert.DoesNotContain('\0', file);
        Assert.DoesNotContain('\u001b', file);
        Assert.DoesNotContain('\u202e', file);
        Assert.DoesNotContain("<!--", file, StringComparison.Ordinal);
        Assert.True(file.Length < 40_000, $"{file.Length} characters: a 100 KB name is cut");
        BrowserPage page = HeadlessBrowser.Open(html);
        page.AssertRenderedWithoutErrors();
        Assert.Equal(2, page.Dom.Split("<script").Length - 1);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", page.Dom, StringComparison.Ordinal);
        Assert.Contains("&lt;!--\\0\\x1b[2J\\ud800nnnn", page.Dom, StringComparison.Ordinal);
        (string label, double[] _) = Assert.Single(page.Lines("site-line"));
        Assert.Equal(markup + " at /src/\\u202eevil.cs:3 (<b>Member</b>\\udc00)", label);
    }

    [Fact]
    public void WithoutATimeline_ThePageSaysWhy()
    {
        string html = Write(Report([]), "none.html");

        string file = File.ReadAllText(html);
        Assert.Contains("<p id=\"no-timeline\">No per-site summary arrived", file, StringComparison.Ordinal);
        Assert.Contains("<p id=\"no-leaks\">", file, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static LeakReport Report(List<KnownOpenScope> open) => ReportBuilder.Build(
        "monitor",
        new TargetProcess(4242, "Orders.Api", null),
        open,
        [],
        new ReportOptions(TimeSpan.FromSeconds(1), Endings.Stopped, EventsLost: 0, Authoritative: true, s_now, TimeSpan.FromHours(1), Stacks: false, ["a note <b>as text</b>"]));

    private static KnownOpenScope Open(long id, SiteInfo site, string name, double ageSeconds) =>
        new(id, new TrackedScope { Site = site, Name = name, ThreadId = 12, EnteredAtTicks = s_now.UtcDateTime.AddSeconds(-ageSeconds).Ticks }, site, 0);

    private string Write(LeakReport report, string fileName)
    {
        string path = Path.Combine(_directory, fileName);
        using (var writer = new StreamWriter(path))
        {
            HtmlReportWriter.Write(report, new SourceTree(_directory), writer);
        }

        return path;
    }
}
