using System.Diagnostics;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A target that stops answering (frozen with SIGSTOP, or an endpoint that accepts and stays silent):
/// every wait is bounded by the option that names it, and what was already seen is reported.
/// The time bounds are generous upper limits for a loaded machine, well under what the unbounded
/// waits took (40 s for a frozen monitor, 15 s for a silent endpoint).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UnresponsiveTargetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-frozen-").FullName;

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task Monitor_TargetFrozenAfterAttach_ReportsWhatItSaw_AsInconclusive(string format)
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 3");
        string output = Path.Combine(_directory, "report." + format);
        var clock = Stopwatch.StartNew();
        using ChildProcess monitor = ChildProcess.StartDotnet(
            "leakscope.dll", "monitor", app.Pid.ToString(), "--duration", "5", "--attach-timeout", "5", "--min-age", "0", "--format", format, "-o", output);
        try
        {
            await Eventually.TrueAsync(() => monitor.Errors.Contains("Attached to", StringComparison.Ordinal), "monitor to attach", () => monitor.HasExited);
            UnixSignal.Send("STOP", app.Pid);
            Assert.True(monitor.WaitForExit(ChildProcess.Patience), "monitor did not end.");
            clock.Stop();
        }
        finally
        {
            UnixSignal.Send("CONT", app.Pid);
        }

        // --duration 5, then at most --attach-timeout 5 for the closing snapshot and the short stop grace.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"monitor took {clock.Elapsed.TotalSeconds:0.0} s. Errors:\n{monitor.Errors}");
        Assert.True(monitor.ExitCode == 2, $"Exit code {monitor.ExitCode}, not 2 (inconclusive). Errors:\n{monitor.Errors}");
        string written = File.ReadAllText(output);
        if (format == "json")
        {
            JsonElement report = JsonReport.Parse(written);
            Assert.Equal("inconclusive", report.Str("verdict"));
            List<JsonElement> leaks = report.Leaks();
            Assert.Equal(3, leaks.Count);
            Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
            Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("stopped answering", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains("Verdict: INCONCLUSIVE", written, StringComparison.Ordinal);
            Assert.Contains("stopped answering", written, StringComparison.Ordinal);
            Assert.Contains("db-connection", written, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Collect_TargetFrozenWhileRecording_KeepsTheRecording_AndSaysTheTargetStoppedAnswering()
    {
        using TargetApp app = TargetApp.Start();
        var sites = app.Run("leak 3");
        string trace = Path.Combine(_directory, "frozen.nettrace");
        var clock = Stopwatch.StartNew();
        using ChildProcess collect = ChildProcess.StartDotnet(
            "leakscope.dll", "collect", app.Pid.ToString(), "-o", trace, "--duration", "5", "--attach-timeout", "5", "--min-age", "0");
        try
        {
            await Eventually.TrueAsync(() => collect.Errors.Contains("Recording", StringComparison.Ordinal), "collect to start recording", () => collect.HasExited);
            UnixSignal.Send("STOP", app.Pid);
            Assert.True(collect.WaitForExit(ChildProcess.Patience), "collect did not end.");
            clock.Stop();
        }
        finally
        {
            UnixSignal.Send("CONT", app.Pid);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"collect took {clock.Elapsed.TotalSeconds:0.0} s. Errors:\n{collect.Errors}");
        Assert.True(collect.ExitCode == 9, $"Exit code {collect.ExitCode}, not 9 (did not respond). Errors:\n{collect.Errors}");
        Assert.Contains("stopped answering", collect.Errors, StringComparison.Ordinal);
        Assert.True(File.Exists(trace), $"The recording was not kept. Errors:\n{collect.Errors}");
        (_, CliRun report) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");
        List<JsonElement> leaks = JsonReport.Parse(report.Out).Leaks();
        Assert.Equal(3, leaks.Count);
        Assert.All(leaks, l => Assert.Equal(sites[0].Line, l.Int("line")));
    }

    [Theory]
    [InlineData("snapshot")]
    [InlineData("monitor")]
    [InlineData("collect")]
    public void EndpointThatAcceptsAndNeverAnswers_EndsWithinTheAttachTimeout_WithExitCode9(string command)
    {
        using ChildProcess sleeper = ChildProcess.Start("sleep", "300");
        using PlantedSocket planted = PlantedSocket.PlantOwn(sleeper.Pid, "silent");
        string trace = Path.Combine(_directory, "silent.nettrace");
        string[] arguments = command == "collect"
            ? [command, sleeper.Pid.ToString(), "--attach-timeout", "3", "-o", trace]
            : [command, sleeper.Pid.ToString(), "--attach-timeout", "3"];

        var clock = Stopwatch.StartNew();
        using ChildProcess run = ChildProcess.StartDotnet("leakscope.dll", arguments);
        Assert.True(run.WaitForExit(ChildProcess.Patience), $"{command} did not end.");
        clock.Stop();

        // --attach-timeout 3 plus process start-up; the fixed 15 s connect timeout took longer than this.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"{command} took {clock.Elapsed.TotalSeconds:0.0} s. Errors:\n{run.Errors}");
        Assert.True(run.ExitCode == 9, $"Exit code {run.ExitCode}, not 9. Errors:\n{run.Errors}");
        string line = Assert.Single(run.Errors.Trim().Split('\n'));
        Assert.StartsWith("leakscope: ", line, StringComparison.Ordinal);
        Assert.Contains("did not respond within 3 s", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
