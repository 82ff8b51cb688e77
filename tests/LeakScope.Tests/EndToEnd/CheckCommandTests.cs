using System.Net.Sockets;
using System.Text.Json;
using System.Xml.Linq;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary><c>leakscope check</c> as CI runs it: the real binary, real child processes, real files.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckCommandTests : IDisposable
{
    private const string LeakyScript = "leak 2;balanced 5;hold;exit";
    private readonly CheckRunner _check = new();

    [Fact]
    public void LeakyApp_FailsWithTheExactSites_InEveryFormat()
    {
        using ChildProcess tool = _check.Run(
            ["--format", "json", "-o", _check.PathOf("r.json"), "--format", "sarif", "-o", _check.PathOf("r.sarif"), "-o", _check.PathOf("r.xml"), "-o", _check.PathOf("r.md")],
            CheckRunner.App(LeakyScript));

        Assert.Equal(1, tool.ExitCode);
        Assert.Contains("ok exit", tool.Output, StringComparison.Ordinal);
        Assert.Contains("Verdict: LEAKS", tool.Errors, StringComparison.Ordinal);
        Assert.Contains("exit code 1 (leaks found)", tool.Errors, StringComparison.Ordinal);
        var expected = AppSites(tool).Distinct().Order().ToList();
        Assert.Equal(2, expected.Count);

        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("check", report.Str("command"));
        Assert.Equal("leaks", report.Str("verdict"));
        Assert.Equal("open-at-exit", report.Str("ending"));
        Assert.Equal(3, report.Leaks().Count);
        Assert.Equal(expected, report.Groups().Select(g => (g.Str("kind"), Path.GetFileName(g.Str("file")), g.Int("line"))).Order().ToList());
        Assert.Equal(0, report.GetProperty("invocation").Int("exitCode"));
        JsonElement process = Assert.Single(report.GetProperty("processes").EnumerateArray());
        Assert.Equal("LeakScope.TestApp", process.Str("processName"));
        Assert.All(report.Leaks(), l => Assert.Equal(process.Int("pid"), l.Int("pid")));

        JsonElement sarif = JsonDocument.Parse(File.ReadAllText(_check.PathOf("r.sarif"))).RootElement;
        ReportSchema.ValidateSarif(sarif);
        List<JsonElement> results = [.. sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()];
        Assert.Equal(2, results.Count);
        JsonElement location = results.Single(r => r.GetProperty("properties").Str("kind") == "db-connection").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("tests/LeakScope.TestApp/Scenarios/LeakyConnections.cs", location.GetProperty("artifactLocation").Str("uri"));
        Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").Str("uriBaseId"));
        Assert.Equal(expected.Single(s => s.Kind == "db-connection").Line, location.GetProperty("region").Int("startLine"));

        XDocument junit = XDocument.Load(_check.PathOf("r.xml"));
        List<XElement> failing = [.. junit.Descendants("testcase").Where(t => t.Element("failure") is not null)];
        Assert.Equal(2, failing.Count);
        Assert.Equal("2", junit.Root!.Attribute("failures")!.Value);
        Assert.Contains(failing, t => t.Attribute("name")!.Value.StartsWith("tests/LeakScope.TestApp/Scenarios/HeldTransaction.cs:", StringComparison.Ordinal));

        string markdown = File.ReadAllText(_check.PathOf("r.md"));
        Assert.Contains("LeakScope: leaks", markdown, StringComparison.Ordinal);
        Assert.Contains($"`tests/LeakScope.TestApp/Scenarios/LeakyConnections.cs:{expected.Single(s => s.Kind == "db-connection").Line}`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanApp_Passes()
    {
        using ChildProcess tool = _check.Run(["-f", "json", "-o", "-"], CheckRunner.App("balanced 50;exit"));

        Assert.Equal(0, tool.ExitCode);
        JsonElement report = JsonReport.Parse(JsonAfterAppOutput(tool));
        Assert.Equal("clean", report.Str("verdict"));
        Assert.Empty(report.Leaks());
        Assert.Contains("Verdict: CLEAN", tool.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFormat_IsWrittenWithoutAByteOrderMark()
    {
        string[] files = ["r.json", "r.sarif", "r.xml", "r.md", "r.txt"];
        using ChildProcess tool = _check.Run([.. files.SelectMany(f => new[] { "-o", _check.PathOf(f) })], CheckRunner.App("leak 1;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        Assert.All(files, f => Assert.False(File.ReadAllBytes(_check.PathOf(f)).AsSpan().StartsWith("\uFEFF"u8), $"{f} starts with a UTF-8 byte order mark."));
    }

    // Machine formats on standard output only when asked by name (-o -), after the command's own output.
    [Fact]
    public void JunitOnStandardOutput_WhenAskedWithDash_FollowsTheCommandsOutput_AndIsWholeXml()
    {
        using ChildProcess tool = _check.Run(["-f", "junit", "-o", "-"], CheckRunner.App("leak 1;exit"));

        Assert.True(tool.ExitCode == 1, tool.Errors);
        string output = tool.Output;
        int xml = output.IndexOf("<?xml", StringComparison.Ordinal);
        Assert.True(xml > output.IndexOf("ok exit", StringComparison.Ordinal), output);
        Assert.Equal("1", XDocument.Parse(output[xml..]).Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public void CommandThatFails_IsNeverHidden()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], CheckRunner.App("balanced 1;exit 3"));

        Assert.Equal(14, tool.ExitCode);
        Assert.Equal(3, JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).GetProperty("invocation").Int("exitCode"));
        Assert.Contains("exited with 3", tool.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void CrashingApp_ReportsWhatWasOpenAtTheCrash()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json"), "--stacks"], CheckRunner.App("leak 1;balanced 3;crash"));

        Assert.Equal(1, tool.ExitCode);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("open-at-crash", report.Str("ending"));
        Assert.NotEqual(0, report.GetProperty("invocation").Int("exitCode"));
        JsonElement leak = Assert.Single(report.Leaks());
        Assert.Equal(AppSites(tool).Single(), ("db-connection", Path.GetFileName(leak.Str("file")), leak.Int("line")));
        Assert.Contains("LeakyConnections.Leak", leak.Str("stack"), StringComparison.Ordinal);
        Assert.Contains(report.GetProperty("processes")[0].GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    [Fact]
    public void DotnetTest_CatchesTheLeakInTheTesthostProcess()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], ChildProcess.DotnetHost, "test", CheckRunner.LeakyTestsAssembly);

        Assert.Equal(1, tool.ExitCode);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        JsonElement leak = Assert.Single(report.Leaks());
        Assert.Equal("SavesAnOrder_ButForgetsToCloseItsConnection", leak.Str("member"));
        Assert.Equal("OrderRepositoryTests.cs", Path.GetFileName(leak.Str("file")));
        List<JsonElement> processes = [.. report.GetProperty("processes").EnumerateArray()];
        Assert.True(processes.Count >= 2, "dotnet test runs the tests in a child process.");
        JsonElement testhost = Assert.Single(processes, p => p.GetProperty("instrumented").GetBoolean());
        Assert.Equal(testhost.Int("pid"), leak.Int("pid"));
        Assert.NotEqual(report.GetProperty("target").Int("pid"), testhost.Int("pid"));
        Assert.All(processes, p => Assert.NotEqual("not-observed", p.Str("ending")));
    }

    [Fact]
    public void Baseline_RoundTrip_AcceptsKnownLeaks_ListsStaleOnes_AndCatchesNewOnes()
    {
        string baseline = _check.PathOf("leakscope-baseline.json");
        using (ChildProcess update = _check.Run(["--baseline", baseline, "--update-baseline"], CheckRunner.App(LeakyScript)))
        {
            Assert.Equal(0, update.ExitCode);
        }

        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(baseline));
        Assert.Equal(2, written.RootElement.GetProperty("sites").GetArrayLength());
        Assert.Contains(written.RootElement.GetProperty("sites").EnumerateArray(), s => s.Str("file") == "tests/LeakScope.TestApp/Scenarios/LeakyConnections.cs");

        using (ChildProcess same = _check.Run(["--baseline", baseline, "-o", _check.PathOf("same.json")], CheckRunner.App(LeakyScript)))
        {
            Assert.Equal(0, same.ExitCode);
            JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("same.json")));
            Assert.Equal("clean", report.Str("verdict"));
            Assert.Equal(["baseline", "baseline"], report.GetProperty("suppressed").EnumerateArray().Select(s => s.Str("reason")).ToArray());
        }

        using (ChildProcess fewer = _check.Run(["--baseline", baseline, "-o", _check.PathOf("fewer.json")], CheckRunner.App("leak 1;exit")))
        {
            Assert.Equal(0, fewer.ExitCode);
            JsonElement stale = Assert.Single(JsonReport.Parse(File.ReadAllText(_check.PathOf("fewer.json"))).GetProperty("staleBaseline").EnumerateArray());
            Assert.Equal("transaction", stale.Str("kind"));
            Assert.Contains("Stale baseline", fewer.Errors, StringComparison.Ordinal);
        }

        using ChildProcess more = _check.Run(["--baseline", baseline, "-o", _check.PathOf("more.json")], CheckRunner.App("leak 1;abandon;gc;exit"));
        Assert.Equal(1, more.ExitCode);
        JsonElement added = Assert.Single(JsonReport.Parse(File.ReadAllText(_check.PathOf("more.json"))).Groups());
        Assert.Equal("file", added.Str("kind"));
        Assert.Equal(1, added.Int("abandoned"));
    }

    [Fact]
    public void IgnoredKindsAndSites_DoNotFail()
    {
        using ChildProcess tool = _check.Run(
            ["--ignore", "transaction", "--ignore-site", "tests/**/LeakyConnections.cs", "-o", _check.PathOf("r.json")],
            CheckRunner.App(LeakyScript));

        Assert.Equal(0, tool.ExitCode);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal(
            ["ignored-kind", "ignored-site"],
            report.GetProperty("suppressed").EnumerateArray().Select(s => s.Str("reason")).Order().ToArray());
    }

    [Fact]
    public async Task Trace_KeepsAReadableRecording()
    {
        using ChildProcess tool = _check.Run(["--trace", _check.PathOf("run.nettrace"), "--announce-after", "0"], CheckRunner.App("hold;balanced 3;exit"));
        Assert.Equal(1, tool.ExitCode);

        var report = new CliRun();
        int code = await report.InvokeAsync("report", _check.PathOf("run.nettrace"), "--format", "json", "--min-age", "0");

        Assert.Contains(code, new[] { 0, 1, 2 });
        Assert.True(JsonReport.Parse(report.Out).GetProperty("partial").GetBoolean() is false);
    }

    [Fact]
    public void NonDotnetGrandchildren_AreNotWaitedFor_ButLeftRunningMakeTheRunInconclusive_AndDotnetOnesAreFollowed()
    {
        string pidFile = _check.PathOf("sleep.pid");
        string script = $"sleep 600 >/dev/null 2>&1 </dev/null & echo $! > '{pidFile}'; exec '{ChildProcess.DotnetHost}' '{CheckRunner.TestApp}' --script 'leak 1;exit'";
        try
        {
            using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], "sh", "-c", script);

            // Not waited for, but still carrying the port when check ends: a .NET process it started later would go unchecked.
            Assert.True(tool.ExitCode == 2, tool.Errors);
            JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
            Assert.Single(report.Leaks());
            int sleep = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(report.GetProperty("processes").EnumerateArray(), p => p.Int("pid") == sleep && p.Str("ending") == "not-observed");
            Assert.Contains("LeakScope check: 1 .NET process(es) observed, 1 using LeakScope; 1 not observed", tool.Errors, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                using (ChildProcess.Start("kill", File.ReadAllText(pidFile).Trim()))
                {
                }
            }
        }
    }

    [Fact]
    public void DotnetProcessOutlivingTheCommand_IsReportedAsStillRunning_AfterTheTimeout()
    {
        string pidFile = _check.PathOf("app.pid");
        string output = _check.PathOf("app.out");

        // The shell ends once the app holds a scope and blocks, leaving it running.
        string script = $"'{ChildProcess.DotnetHost}' '{CheckRunner.TestApp}' --script 'hold;block' > '{output}' 2>&1 </dev/null & echo $! > '{pidFile}'; "
            + $"until grep -q 'ok block' '{output}' 2>/dev/null; do sleep 0.05; done";
        try
        {
            using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json"), "--child-timeout", "1", "--announce-after", "0"], "sh", "-c", script);

            Assert.Equal(2, tool.ExitCode);
            JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
            JsonElement app = Assert.Single(report.GetProperty("processes").EnumerateArray());
            Assert.Equal("stopped", app.Str("ending"));
            Assert.Equal("transaction", Assert.Single(report.Leaks()).Str("kind"));
            Assert.True(Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}"), "check must not kill a process that outlives the command.");
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                using (ChildProcess.Start("kill", "-KILL", File.ReadAllText(pidFile).Trim()))
                {
                }
            }
        }
    }

    [Fact]
    public async Task DiagnosticPortsTheUserConfigured_AreKept_AndTheCheckStillWorks()
    {
        // Another tool's port (a dotnet-monitor sidecar, say): the app must still connect to it.
        string otherPort = _check.PathOf("other-monitor.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(otherPort));
        listener.Listen(4);
        using ChildProcess tool = ChildProcess.Start(
            "env",
            [$"DOTNET_DiagnosticPorts={otherPort},connect,nosuspend", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "leakscope.dll"), "check", "--", .. CheckRunner.App("leak 1;exit")]);

        using var timeout = new CancellationTokenSource(ChildProcess.Patience);
        using Socket connection = await listener.AcceptAsync(timeout.Token);
        byte[] advertisement = new byte[8];
        await using (var stream = new NetworkStream(connection))
        {
            await stream.ReadExactlyAsync(advertisement, timeout.Token);
        }

        Assert.Equal("ADVR_V1\0", System.Text.Encoding.ASCII.GetString(advertisement));

        Assert.True(tool.WaitForExit(ChildProcess.Patience));
        Assert.Equal(1, tool.ExitCode);
    }

    public void Dispose() => _check.Dispose();

    /// <summary>The sites the test app said it opened: ("db-connection", "LeakyConnections.cs", 13).</summary>
    private static List<(string Kind, string File, int Line)> AppSites(ChildProcess tool) =>
        [.. tool.Output.Split('\n').Select(l => l.Split(' ')).Where(w => w is ["site", _, _, _]).Select(w => (w[1], w[2], int.Parse(w[3], System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>The JSON report that check wrote to standard output after the app's own lines.</summary>
    private static string JsonAfterAppOutput(ChildProcess tool) => tool.Output[tool.Output.IndexOf("\n{", StringComparison.Ordinal)..];

}
