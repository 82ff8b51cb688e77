using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Owners (<c>Scope.Own</c>) set on parallel async flows of a real process ("owned" in the test app):
/// snapshot, monitor and check attribute each leak to the flow's owner, through every way a scope
/// reaches the tool: aged snapshot records, compact full-mode records, the exit snapshot file.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OwnerAttributionTests : IDisposable
{
    private const int Flows = 6;
    private readonly CheckRunner _check = new();

    [Fact]
    public async Task Snapshot_AttributesEachLeakToTheOwnerOfItsFlow()
    {
        using TargetApp app = TargetApp.Start();
        app.Run($"owned {Flows}");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        AssertAttributed(JsonReport.Parse(run.Out).Leaks());

        (_, CliRun text) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0");
        Assert.Contains("By owner:", text.Out, StringComparison.Ordinal);
        Assert.Contains("test Orders.Tests.PlaceOrder(qty: 1): 1 leak(s)", text.Out, StringComparison.Ordinal);
        Assert.Contains("unowned (entered where no owner flowed): 1 leak(s)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorAllEvents_AttributesLeaksEnteredAfterTheAttach()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("balanced 1");
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--min-age", "0", "--duration", "3", "--format", "json");
        await Eventually.AttachedAsync(run, monitor);
        app.Run($"owned {Flows}");

        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Error + run.Out);
        AssertAttributed(JsonReport.Parse(run.Out).Leaks());
    }

    [Fact]
    public void Check_AttributesLeaksOpenAtExit_AndEscapesHostileOwnerNames()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json"), "-o", _check.PathOf("r.md"), "-o", _check.PathOf("r.sarif"), "-o", _check.PathOf("r.xml")], CheckRunner.App($"owned {Flows};owned-hostile;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        List<JsonElement> leaks = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).Leaks();
        AssertAttributed([.. leaks.Where(l => !l.Str("name").Contains("-owner", StringComparison.Ordinal))]);
        JsonElement hostile = Assert.Single(leaks, l => l.Str("name") == "hostile-owner");
        Assert.Equal("bad\uFFFDowner\u001b[2J\nnext-line", hostile.GetProperty("owner").Str("name"));
        JsonElement huge = Assert.Single(leaks, l => l.Str("name") == "huge-owner");
        Assert.Equal(new string('o', 4095) + "…", huge.GetProperty("owner").Str("name"));
        string markdown = File.ReadAllText(_check.PathOf("r.md"));
        Assert.Contains("Orders.Tests.PlaceOrder(qty: 3)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', markdown);
        AssertParents(leaks);
        AssertOwnersInSarifAndJUnit(File.ReadAllText(_check.PathOf("r.sarif")), File.ReadAllText(_check.PathOf("r.xml")));
        Assert.Contains($"inside transaction 'tx-3' at tests/LeakScope.TestApp/Scenarios/OwnedFlows.cs:{LineInOwnedFlows("\"transaction\"")}, inside request 'handle-3'", markdown, StringComparison.Ordinal);
    }

    /// <summary>
    /// Under check the runtime tracks parents: leak-of-i was entered in transaction tx-i inside request
    /// handle-i, both exited long before the report, so its chain is innermost first and exact; the
    /// unowned pool was entered in no scope.
    /// </summary>
    internal static void AssertParents(List<JsonElement> leaks)
    {
        string source = Path.Combine(CheckRunner.RepositoryRoot, "tests", "LeakScope.TestApp", "Scenarios", "OwnedFlows.cs");
        Assert.All(leaks.Where(l => l.Str("name").StartsWith("leak-of-", StringComparison.Ordinal)), leak =>
        {
            string flow = leak.Str("name")["leak-of-".Length..];
            Assert.True(leak.TryGetProperty("parents", out JsonElement parents), $"{leak.Str("name")} has no parents");
            Assert.Equal(
                [("transaction", "tx-" + flow, source, LineInOwnedFlows("\"transaction\"")), ("request", "handle-" + flow, source, LineInOwnedFlows("\"request\", \"handle-\""))],
                parents.EnumerateArray().Select(p => (p.Str("kind"), p.Str("name"), p.Str("file"), p.Int("line"))).ToList());
        });
        Assert.False(Assert.Single(leaks, l => l.Str("name") == "unowned-pool").TryGetProperty("parents", out _));
    }

    /// <summary>
    /// SARIF's message for the leak-of-i site names its owners; JUnit has one failing case per leaking
    /// test, split as the framework's name splits class and test, and the unowned pool as a site.
    /// </summary>
    private static void AssertOwnersInSarifAndJUnit(string sarif, string junit)
    {
        JsonElement result = Assert.Single(
            JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(),
            r => r.GetProperty("message").Str("text").Contains("leak-of-", StringComparison.Ordinal));
        string message = result.GetProperty("message").Str("text");
        Assert.All(Enumerable.Range(1, Flows).Where(f => f % 2 == 1), flow => Assert.Contains($"test Orders.Tests.PlaceOrder(qty: {flow})", message, StringComparison.Ordinal));
        Assert.Contains("inside transaction", message, StringComparison.Ordinal);

        List<System.Xml.Linq.XElement> failing = [.. System.Xml.Linq.XDocument.Parse(junit).Descendants("testcase").Where(c => c.Element("failure") is not null)];
        List<(string, string)> tests = [.. failing.Where(c => (string)c.Attribute("classname")! == "Orders.Tests").Select(c => ("Orders.Tests", (string)c.Attribute("name")!)).Order()];
        Assert.Equal(Enumerable.Range(1, Flows).Where(f => f % 2 == 1).Select(f => ("Orders.Tests", $"PlaceOrder(qty: {f})")), tests);
        System.Xml.Linq.XElement pool = Assert.Single(failing, c => ((string)c.Element("failure")!.Attribute("message")!).Contains("'db-connection'", StringComparison.Ordinal) && (string)c.Attribute("classname")! == "leakscope.db-connection");
        Assert.Contains("OwnedFlows.cs", (string)pool.Attribute("file")!, StringComparison.Ordinal);
        Assert.Contains("inside transaction 'tx-3'", (string)Assert.Single(failing, c => (string)c.Attribute("name")! == "PlaceOrder(qty: 3)").Element("failure")!, StringComparison.Ordinal);
    }

    private static int LineInOwnedFlows(string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(CheckRunner.RepositoryRoot, "tests", "LeakScope.TestApp", "Scenarios", "OwnedFlows.cs")), line => line.Contains("Scope.Enter(" + text, StringComparison.Ordinal)) + 1;

    public void Dispose() => _check.Dispose();

    /// <summary>Odd flows leaked "leak-of-i" under owner "PlaceOrder(qty: i)"; "unowned-pool" has no owner.</summary>
    private static void AssertAttributed(List<JsonElement> leaks)
    {
        List<JsonElement> owned = [.. leaks.Where(l => l.Str("name").StartsWith("leak-of-", StringComparison.Ordinal))];
        Assert.Equal(Enumerable.Range(1, Flows).Where(f => f % 2 == 1).Select(f => "leak-of-" + f), owned.Select(l => l.Str("name")).Order(StringComparer.Ordinal));
        Assert.All(owned, leak =>
        {
            string flow = leak.Str("name")["leak-of-".Length..];
            JsonElement owner = leak.GetProperty("owner");
            Assert.Equal(("test", $"Orders.Tests.PlaceOrder(qty: {flow})"), (owner.Str("kind"), owner.Str("name")));
        });
        JsonElement pool = Assert.Single(leaks, l => l.Str("name") == "unowned-pool");
        Assert.False(pool.TryGetProperty("owner", out _));
        Assert.DoesNotContain(leaks, l => l.Str("kind") == "request");
    }
}
