using System.Net.Sockets;
using System.Text.Json;
using LeakScope.Cli.Check;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// <c>monitor --diagnostic-port PATH</c>: the app, started with <c>DOTNET_DiagnosticPorts</c>,
/// connects to the tool, as with dotnet-monitor's listen mode (a container reached through a shared volume).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ListenModeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-listen-test-");

    private string Port => Path.Combine(_directory.FullName, "leakscope.sock");

    [Fact]
    public async Task Listen_SuspendedApp_WaitsForTheSession_ThenItsLeaksAreReportedWithTheirLines()
    {
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--format", "json");
        await ListeningAsync(run, monitor);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Port));

        using TargetApp app = StartApp(Port);
        var sites = app.Run("leak 2");
        await Eventually.AttachedAsync(run, monitor);
        app.Process.Send("exit");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(app.Pid, report.GetProperty("target").Int("pid"));
        Assert.Equal("LeakScope.TestApp", report.GetProperty("target").Str("processName"));
        Assert.Equal("open-at-exit", report.Str("ending"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        Assert.False(Path.Exists(Port), "the socket is removed when monitor ends");
    }

    [Fact]
    public async Task Listen_SnapshotAndCollect_TakeARunningProcessThatConnects_AgainWhenItReconnects()
    {
        // Running already (nosuspend): a snapshot of a process paused at start-up would show it before its first scope.
        using TargetApp app = StartApp(Port + ",nosuspend");
        var sites = app.Run("leak 2");
        var run = new CliRun();
        Task<int> snapshot = run.InvokeAsync("snapshot", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--format", "json");
        int code = await snapshot.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(app.Pid, report.GetProperty("target").Int("pid"));
        Assert.Equal(["orders-0", "orders-1"], report.Leaks().Select(l => l.Str("name")).Order());
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        Assert.False(Path.Exists(Port), "the socket is removed when snapshot ends");

        // The same app, still running, connects again to whichever leakscope listens next on the path.
        string trace = Path.Combine(_directory.FullName, "listened.nettrace");
        (code, run) = await CliRun.RunAsync("collect", "--diagnostic-port", Port, "-o", trace, "--attach-timeout", "60", "--duration", "1");
        Assert.True(code == 0, run.Error);
        Assert.Contains($"Recording LeakScope.TestApp ({app.Pid})", run.Error, StringComparison.Ordinal);
        (code, run) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");
        Assert.True(code == 1, run.Out + run.Error);
        Assert.Equal(["orders-0", "orders-1"], JsonReport.Parse(run.Out).Leaks().Select(l => l.Str("name")).Order());
        Assert.False(Path.Exists(Port), "the socket is removed when collect ends");
    }

    [Fact]
    public async Task Listen_NoSuspendApp_RunsWithoutTheTool_AndIsMonitoredOnceItConnects()
    {
        // Started first, nobody listening: the runtime runs and keeps retrying the port.
        using TargetApp app = StartApp(Port + ",nosuspend");
        var sites = app.Run("leak 2");

        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--duration", "2", "--format", "json");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        Assert.Contains("Attached to", run.Error, StringComparison.Ordinal);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal("stopped", report.Str("ending"));
        Assert.Equal(["orders-0", "orders-1"], report.Leaks().Select(l => l.Str("name")).Order());
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
        app.Run("leak 1");
    }

    [Fact]
    public async Task Listen_ASecondProcessConnecting_IsResumedAndNamed_NotMonitored()
    {
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--format", "json");
        await ListeningAsync(run, monitor);
        using TargetApp first = StartApp(Port);
        var sites = first.Run("leak 1");
        await Eventually.AttachedAsync(run, monitor);

        // Paused at start-up like the first: it says "ready" only once something resumed it.
        using TargetApp second = StartApp(Port);
        second.Run("leak 5");
        await Eventually.TrueAsync(() => run.Error.Contains($"Process {second.Pid} also connected to {Port}: resumed, not monitored", StringComparison.Ordinal), "monitor to name the second process", () => monitor.IsCompleted);
        run.Signal.Raise();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(first.Pid, report.GetProperty("target").Int("pid"));
        JsonElement leak = Assert.Single(report.Leaks());
        Assert.Equal(sites[0].Line, leak.Int("line"));
    }

    [Fact]
    public async Task Listen_TwoPortsListed_BothSuspending_AnotherToolResumesItsOwn_AndLeakScopeMonitors()
    {
        string other = Path.Combine(_directory.FullName, "dotnet-monitor.sock");
        int otherSawPid = 0;
        await using var otherTool = new DiagnosticPortServer(other, async runtime =>
        {
            otherSawPid = runtime.Pid;
            await runtime.TryResumeAsync(CancellationToken.None);
        });
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--duration", "3", "--format", "json");
        await ListeningAsync(run, monitor);

        using TargetApp app = StartApp($"{other};{Port},connect,suspend");
        var sites = app.Run("leak 3");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        Assert.Equal(app.Pid, otherSawPid);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(3, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Listen_TwoPortsListed_NothingListensOnTheOther_TheAppStillStartsAndIsMonitored()
    {
        string nobodyThere = Path.Combine(_directory.FullName, "absent.sock");
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--duration", "3", "--format", "json");
        await ListeningAsync(run, monitor);

        using TargetApp app = StartApp($"{nobodyThere},nosuspend;{Port}");
        var sites = app.Run("leak 2");
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, run.Out + run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Listen_FromAnotherPidNamespace_TheProcessIsNamedByWhatItsRuntimeTells()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        // The real tool in a pid namespace of its own, as in a sidecar container: the app's pid names nothing there.
        using ChildProcess tool = ChildProcess.Start(
            "unshare",
            ["-p", "-f", "--mount-proc", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "leakscope.dll"),
             "monitor", "--diagnostic-port", Port, "--min-age", "0", "--attach-timeout", "60", "--duration", "3", "--format", "json"]);
        await Eventually.TrueAsync(() => tool.Errors.Contains("Listening on", StringComparison.Ordinal), "the tool to listen", () => tool.HasExited);

        using TargetApp app = StartApp(Port);
        var sites = app.Run("leak 2");
        Assert.True(tool.WaitForExit(ChildProcess.Patience), tool.Errors);

        Assert.True(tool.ExitCode == 1, tool.Errors);
        Assert.Contains($"Attached to LeakScope.TestApp ({app.Pid})", tool.Errors, StringComparison.Ordinal);
        JsonElement report = JsonReport.Parse(tool.Output);
        Assert.Equal("LeakScope.TestApp", report.GetProperty("target").Str("processName"));
        Assert.Equal(2, report.Leaks().Count);
        Assert.All(report.Leaks(), l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Fact]
    public async Task Listen_NothingConnects_IsExit4InOneLine_AndTheSocketIsRemoved()
    {
        (int code, CliRun run) = await CliRun.RunAsync("monitor", "--diagnostic-port", Port, "--attach-timeout", "1");

        Assert.Equal(4, code);
        string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("leakscope:", StringComparison.Ordinal));
        Assert.Contains("No .NET process connected to " + Port + " within 1 s", error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.False(Path.Exists(Port));
    }

    [Fact]
    public async Task Listen_AStaleSocketOfOurs_IsReplaced()
    {
        LeaveStaleSocket(Port);

        (int code, CliRun run) = await CliRun.RunAsync("monitor", "--diagnostic-port", Port, "--attach-timeout", "1");

        Assert.True(code == 4, run.Error);
        Assert.False(Path.Exists(Port));
    }

    [Fact]
    public async Task Listen_HostilePaths_AreRefusedInOneLine_AndLeftAlone()
    {
        string regular = Path.Combine(_directory.FullName, "notes.txt");
        File.WriteAllText(regular, "keep me");
        string link = Path.Combine(_directory.FullName, "link.sock");
        File.CreateSymbolicLink(link, regular);
        string live = Path.Combine(_directory.FullName, "live.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(live));
        listener.Listen(1);

        await RefusedAsync(Path.Combine(_directory.FullName, "missing", "leakscope.sock"), "its directory does not exist");
        await RefusedAsync(regular, "a file that is not a socket is there");
        await RefusedAsync(link, "a file that is not a socket is there");
        await RefusedAsync(_directory.FullName, "it is a directory");
        await RefusedAsync(live, $"process {Environment.ProcessId} listens on it already");
        await RefusedAsync(Path.Combine(_directory.FullName, new string('s', 200) + ".sock"), "cannot listen there");

        Assert.Equal("keep me", File.ReadAllText(regular));
        Assert.Equal(regular, new FileInfo(link).LinkTarget);
        Assert.True(Path.Exists(live));
    }

    [Fact]
    public async Task Listen_ASocketOfAnotherUser_IsRefused()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        LeaveStaleSocket(Port);
        using (ChildProcess chown = ChildProcess.Start("chown", "nobody", Port))
        {
            Assert.True(chown.WaitForExit(ChildProcess.Patience) && chown.ExitCode == 0, chown.Errors);
        }

        await RefusedAsync(Port, $"a socket of another user (uid {Nobody.Uid}) is there");
        Assert.True(Path.Exists(Port));
    }

    [Fact]
    public async Task Listen_WithAPid_IsAUsageError()
    {
        (int code, CliRun run) = await CliRun.RunAsync("monitor", "42", "--diagnostic-port", Port);

        Assert.Equal(3, code);
        Assert.Contains("--diagnostic-port waits for a process to connect", run.Error, StringComparison.Ordinal);
        Assert.False(Path.Exists(Port));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task RefusedAsync(string path, string why)
    {
        (int code, CliRun run) = await CliRun.RunAsync("monitor", "--diagnostic-port", path, "--attach-timeout", "1");

        Assert.True(code == 3, run.Error);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(line.Contains($"--diagnostic-port {path}: {why}", StringComparison.Ordinal), line);
    }

    /// <summary>
    /// A socket file of this user's that nobody listens on, as a killed leakscope leaves it: a process
    /// listens, then is killed (a socket disposed in .NET would remove its file).
    /// </summary>
    private static void LeaveStaleSocket(string path)
    {
        using var listener = TargetApp.From(ChildProcess.Start("env", "DOTNET_EnableDiagnostics=0", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll")));
        listener.Run($"impostor {path} silent");
        listener.Process.Kill();
        Assert.True(Path.Exists(path), "the killed listener's socket file stays");
    }

    /// <summary>The TestApp with <c>DOTNET_DiagnosticPorts</c> set, once it said "ready" (so once resumed, when it was paused).</summary>
    private static TargetApp StartApp(string diagnosticPorts) =>
        TargetApp.From(ChildProcess.Start(
            ChildProcess.DotnetHost,
            new Dictionary<string, string> { ["DOTNET_DiagnosticPorts"] = diagnosticPorts },
            [Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll")]));

    private static Task ListeningAsync(CliRun run, Task<int> monitor) =>
        Eventually.TrueAsync(() => run.Error.Contains("Listening on", StringComparison.Ordinal), "monitor to listen", () => monitor.IsCompleted);
}
