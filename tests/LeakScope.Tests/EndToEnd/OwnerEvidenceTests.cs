using System.Diagnostics;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Owners reach the report through the evidence that outlives a session too: the state file v2 and
/// its owners file of an app SIGKILLed under <c>check</c>, and a recording made by <c>collect</c>
/// read back by <c>report</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OwnerEvidenceTests : IDisposable
{
    private readonly CheckRunner _check = new();

    [Fact]
    public void SigkilledUnderCheck_EachLeakKeepsItsOwner_HostileNamesEscaped()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "owned 4", out int appPid);
        tool.Send("owned-hostile");
        tool.WaitForLine(line => line == "ok owned-hostile", "ok owned-hostile");

        Process.GetProcessById(appPid).Kill();

        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not end when its app died.");
        Assert.True(tool.ExitCode == 1, tool.Errors);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("open-at-death", report.Str("ending"));
        List<JsonElement> leaks = report.Leaks();
        Assert.Equal("Orders.Tests.PlaceOrder(qty: 3)", Assert.Single(leaks, l => l.Str("name") == "leak-of-3").GetProperty("owner").Str("name"));
        Assert.False(Assert.Single(leaks, l => l.Str("name") == "unowned-pool").TryGetProperty("owner", out _));
        Assert.Equal("bad\uFFFDowner\u001b[2J\nnext-line", Assert.Single(leaks, l => l.Str("name") == "hostile-owner").GetProperty("owner").Str("name"));
        Assert.Equal(new string('o', 4095) + "…", Assert.Single(leaks, l => l.Str("name") == "huge-owner").GetProperty("owner").Str("name"));
        OwnerAttributionTests.AssertParents(leaks);
    }

    [Fact]
    public async Task CollectThenReport_NamesEachLeaksOwner()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("owned 4");
        string trace = _check.PathOf("owned.nettrace");

        (int collected, CliRun collect) = await CliRun.RunAsync("collect", app.Pid.ToString(), "-o", trace, "--duration", "1", "--min-age", "0");
        Assert.True(collected == 0, collect.Error);
        (int code, CliRun run) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        List<JsonElement> leaks = JsonReport.Parse(run.Out).Leaks();
        Assert.Equal("Orders.Tests.PlaceOrder(qty: 1)", Assert.Single(leaks, l => l.Str("name") == "leak-of-1").GetProperty("owner").Str("name"));
        Assert.Equal("Orders.Tests.PlaceOrder(qty: 3)", Assert.Single(leaks, l => l.Str("name") == "leak-of-3").GetProperty("owner").Str("name"));
    }

    public void Dispose() => _check.Dispose();
}
