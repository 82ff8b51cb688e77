using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>What <c>report</c> says about its input: the recorded process by name, and a directory for what it is.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReportInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-report-input-").FullName;

    /// <summary>The runtime writes the process's command line into every recording (EventPipe's ProcessInfo event).</summary>
    [Fact]
    public async Task Report_NamesTheRecordedProcess_AsMonitorWould()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        string trace = Path.Combine(_directory, "named.nettrace");
        (int collected, CliRun collect) = await CliRun.RunAsync("collect", app.Pid.ToString(), "-o", trace, "--duration", "1", "--min-age", "0");
        Assert.True(collected == 0, collect.Error);

        (int code, CliRun json) = await CliRun.RunAsync("report", trace, "--min-age", "0", "--format", "json");
        (int textCode, CliRun text) = await CliRun.RunAsync("report", trace, "--min-age", "0");

        Assert.True(code == 1, json.Error);
        Assert.Equal(1, textCode);
        JsonElement target = JsonReport.Parse(json.Out).GetProperty("target");
        Assert.Equal(app.Pid, target.Int("pid"));
        Assert.Equal("LeakScope.TestApp", target.Str("processName"));
        Assert.Contains($"LeakScope.TestApp ({app.Pid})", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OfADirectory_SaysItIsADirectory_WithTheNotATraceCode()
    {
        (int code, CliRun report) = await CliRun.RunAsync("report", _directory);

        Assert.Equal(10, code);
        Assert.Equal($"leakscope: {_directory} is a directory, not a trace file: give the .nettrace file in it.", report.Error.TrimEnd('\n'));
        Assert.Equal(string.Empty, report.Out);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
