using System.Diagnostics.Tracing;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;
using Microsoft.Diagnostics.NETCore.Client;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>A recording that says nothing about the target's scopes can never be reported clean.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReportEvidenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-evidence-").FullName;

    [Fact]
    public async Task TraceOfOtherProvidersOnly_IsInconclusive_NeverClean()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 5");
        string trace = Path.Combine(_directory, "gc-only.nettrace");
        var runtimeGc = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords: 0x1);

        await RecordAsync(app, runtimeGc, trace, untilGrown: true);
        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--format", "json");

        Assert.True(code == 2, report.Error);
        JsonElement json = JsonReport.Parse(report.Out);
        Assert.Equal("inconclusive", json.Str("verdict"));
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("The file holds no LeakScope event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TraceOfLeakScopeWithKeywordsZero_AsDotnetTraceRecordsIt_IsNeverClean()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 5");
        string trace = Path.Combine(_directory, "keywords-0.nettrace");

        await RecordAsync(app, new EventPipeProvider("LeakScope", EventLevel.Verbose, keywords: 0), trace, untilGrown: false);
        (int code, CliRun report) = await CliRun.RunAsync("report", trace, "--format", "json");

        Assert.True(code is 1 or 2, $"exit {code}: {report.Error}");
        Assert.NotEqual("clean", JsonReport.Parse(report.Out).Str("verdict"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Records while the app does some work; with untilGrown, until the file holds more than its header.
    private static async Task RecordAsync(TargetApp app, EventPipeProvider provider, string trace, bool untilGrown)
    {
        var client = new DiagnosticsClient(app.Pid);
        using EventPipeSession session = client.StartEventPipeSession(provider, requestRundown: false);
        await using (var file = new FileStream(trace, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1))
        {
            Task copy = session.EventStream.CopyToAsync(file);
            long header = 0;
            await Eventually.TrueAsync(() => (header = new FileInfo(trace).Length) > 0, "the trace header");
            await Eventually.TrueAsync(
                () =>
                {
                    app.Run("balanced 100");
                    app.Run("gc");
                    return !untilGrown || new FileInfo(trace).Length > header;
                },
                "the trace to grow past its header");
            session.Stop();
            await copy.WaitAsync(ChildProcess.Patience);
        }
    }
}
