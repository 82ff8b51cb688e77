using System.Diagnostics.Tracing;
using LeakScope.Cli.Tests.Support;
using Microsoft.Diagnostics.NETCore.Client;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Sessions that enable LeakScope without choosing its keywords (dotnet-counters, dotnet-trace
/// --providers LeakScope) receive none of its per-scope events, so they must not make the app pay
/// for them: an enter/exit pair stays allocation-free, as with no session.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UnaskedSessionCostTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-unasked-");

    [Fact]
    public async Task SessionConfiguredAsDotnetCounters_LeavesPairsAllocationFree()
    {
        var provider = new EventPipeProvider("LeakScope", EventLevel.Informational, keywords: 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });

        Assert.Equal(0, await AllocatedForPairsUnderAsync(provider));
    }

    [Fact]
    public void RealDotnetTraceWithoutKeywords_LeavesPairsAllocationFree()
    {
        using TargetApp app = TargetApp.Start();
        string trace = Path.Combine(_directory.FullName, "unasked.nettrace");
        using ChildProcess tool = DotnetTraceTool.Start(app.Pid, "LeakScope", trace, TimeSpan.FromSeconds(60));
        try
        {
            // dotnet-trace names its output file once its session is on.
            tool.WaitForLine(line => line.StartsWith("Output File", StringComparison.Ordinal), "dotnet-trace's session to start");

            Assert.Equal(0, AllocatedForPairs(app));
        }
        finally
        {
            tool.Kill();
        }
    }

    [Fact]
    public async Task ControlSession_AskingForParents_DoesAllocate_SoTheMeasureCanFail()
    {
        var provider = new EventPipeProvider("LeakScope", EventLevel.Verbose, keywords: 0x10);

        Assert.True(await AllocatedForPairsUnderAsync(provider) > 0);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<long> AllocatedForPairsUnderAsync(EventPipeProvider provider)
    {
        using TargetApp app = TargetApp.Start();
        using EventPipeSession session = new DiagnosticsClient(app.Pid).StartEventPipeSession(provider, requestRundown: false);
        Task reading = session.EventStream.CopyToAsync(Stream.Null);
        try
        {
            return AllocatedForPairs(app);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading.WaitAsync(ChildProcess.Patience);
        }
    }

    private static long AllocatedForPairs(TargetApp app)
    {
        app.Run("pair-bytes 10000");
        return long.Parse(app.Said.Single(l => l.StartsWith("bytes ", StringComparison.Ordinal))["bytes ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
