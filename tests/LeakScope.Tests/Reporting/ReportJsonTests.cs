using System.Text;
using System.Text.Json;
using LeakScope.Cli.Check;
using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tests.Support;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Reporting;

/// <summary>The JSON report is streamed entry by entry, yet reads exactly as the whole-document serializer wrote it.</summary>
public sealed class ReportJsonTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 8, 0, 10, TimeSpan.Zero);
    private static readonly SiteInfo s_site = new("db-connection", "/src/Orders/Repository.cs", 46, "HandleOrder") { Stack = "at Orders.Repository.HandleOrder()\nat Orders.Api.Run()" };
    private static readonly SiteInfo s_hostileSite = new("lock\u001b[2J\"<&>'+", "/src/Ördérs/\u202eLock.cs", 7, "Take\u0000\ud800");
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-json-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_OfASession_IsTheSerializersDocument_ByteForByte(bool stacks)
    {
        LeakReport report = ReportBuilder.Build(
            "monitor",
            new TargetProcess(4242, "Orders\u0007Api", null),
            [Open(1025, s_site, "orders", 12.08, parent: 0), Open(7, s_hostileSite, "naïve\r\n\"quoted\"", 3.5, parent: 1025), Open(8, s_site, string.Empty, 0.2, parent: 0)],
            [new ClosedScope(99, s_site, "report-1.csv", 3, 0, s_now.UtcDateTime.AddSeconds(-9.5), s_now.UtcDateTime.AddSeconds(-2))],
            new ReportOptions(TimeSpan.FromSeconds(1), Endings.Stopped, EventsLost: 3, Authoritative: true, s_now, TimeSpan.FromSeconds(10.2), stacks, ["a note with \"quotes\" and ünïcode"]) { Exits = ([Exits(s_site), Exits(new SiteInfo("job", "/src/Jobs.cs", 3, "Run"))], true) });

        Assert.Equal(Serialized(report) + Environment.NewLine, Written(report));
        Assert.Equal("all", JsonReport.Parse(Written(report)).Str("exitsSeen"));
    }

    [Fact]
    public void Json_OfACheck_IsTheSerializersDocument_ByteForByte()
    {
        string root = Directory.CreateDirectory(Path.Combine(_directory, "sources")).FullName;
        string file = Path.Combine(root, "src", "Orders.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, ["class Orders", "{", "    var c = Scope.Enter(\"db-connection\");", "}"]);
        var site = new SiteInfo("db-connection", file, 3, "Open");
        var options = new ReportOptions(TimeSpan.FromSeconds(1), Endings.OpenAtExit, 0, false, s_now, TimeSpan.FromSeconds(3), false, []);
        LeakReport first = ReportBuilder.Build("check", new TargetProcess(11, "app", s_now), [Open(1, site, "orders", 2, 0), Open(2, s_hostileSite, "x", 1, 1)], [], options);
        LeakReport second = ReportBuilder.Build("check", new TargetProcess(12, "child", null), [Open(5, site, "orders-2", 4, 0)], [], options with { Ending = Endings.ProcessTerminated, Notes = ["killed"] });
        var baseline = Baseline.Of([new BaselineEntry("file", "src/Gone.cs", "Write", 9, null, 2)]);
        CheckResult result = CheckReportBuilder.Build(
            [new ProcessOutcome(new TargetProcess(11, "app", s_now), "dotnet app.dll", true, true, first), new ProcessOutcome(new TargetProcess(12, "child", null), "child --x", true, false, second)],
            new CheckedCommand(["dotnet", "app.dll"], 0, Interrupted: false, root),
            11,
            new SourceTree(root),
            new LeakFilter(["lock\u001b[2J\"<&>'+"], []),
            baseline,
            options);
        using var console = new StringWriter();

        CheckReportOutput.Write(result.Report, new CheckOutput(CheckFormat.Json, null), new SourceTree(root), console, TextWriter.Null);

        Assert.Equal(Serialized(result.Report) + "\n", console.ToString());
    }

    [Fact]
    public void Json_OfManyLeaks_IsComplete_AndWrittenWithoutAnObjectOrStringPerLeak()
    {
        const int Count = 50_000;
        List<KnownOpenScope> open = [.. Enumerable.Range(1, Count).Select(i => Open(i, s_site, "orders-" + i, ageSeconds: 2 + (i % 977), parent: 0))];
        string path = Path.Combine(_directory, "many.json");
        var options = new ReportOptions(TimeSpan.FromSeconds(1), Endings.Snapshot, 0, false, s_now, TimeSpan.FromSeconds(1), false, []);

        long before = GC.GetAllocatedBytesForCurrentThread();
        LeakReport report = ReportBuilder.Build("snapshot", new TargetProcess(1, "orders", s_now), open, [], options);
        ReportOutput.Write(report, ReportFormat.Json, path, new ToolConsole(TextWriter.Null, TextWriter.Null, IsTerminal: false));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // An order over the tracked scopes (20 bytes a leak while sorting) and fixed buffers; a string
        // or an object per leak would be hundreds of bytes each.
        Assert.True(allocated < Count * 40L, $"{allocated:N0} bytes allocated for {Count:N0} leaks");
        JsonElement written = JsonReport.Parse(File.ReadAllText(path));
        List<JsonElement> leaks = written.Leaks();
        Assert.Equal(Count, leaks.Count);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => "orders-" + i).Order(StringComparer.Ordinal), leaks.Select(l => l.Str("name")).Order(StringComparer.Ordinal));
        Assert.Equal(leaks.Select(l => l.GetProperty("ageSeconds").GetDouble()).OrderDescending(), leaks.Select(l => l.GetProperty("ageSeconds").GetDouble()));
        Assert.Equal(Count, Assert.Single(written.Groups()).Int("count"));
        Assert.Equal(Serialized(report) + Environment.NewLine, File.ReadAllText(path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Serialized(LeakReport report) =>
        JsonSerializer.Serialize(report with { Leaks = [.. report.Leaks] }, SerializedReportContext.Default.LeakReport);

    private static string Written(LeakReport report)
    {
        using var console = new StringWriter();
        ReportOutput.Write(report, ReportFormat.Json, null, new ToolConsole(console, TextWriter.Null, IsTerminal: false));
        return console.ToString();
    }

    private static SiteExits Exits(SiteInfo site)
    {
        var exits = new SiteExits(site);
        exits.Add(6, string.Empty);
        exits.Add(2, "Hostile\u001b[2J\"<&>'\ud800.Exception");
        return exits;
    }

    private static KnownOpenScope Open(long id, SiteInfo site, string name, double ageSeconds, long parent) =>
        new(id, new TrackedScope { Site = site, Name = name, ThreadId = 12, EnteredAtTicks = s_now.UtcDateTime.AddSeconds(-ageSeconds).Ticks }, site, parent);
}
