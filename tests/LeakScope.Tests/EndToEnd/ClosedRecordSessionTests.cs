using System.Diagnostics.Tracing;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;
using Microsoft.Diagnostics.NETCore.Client;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Full mode's closed records (docs/events.md "Full mode") against real sessions: other sessions join
/// and leave while the target's threads have closed runs buffered, so the layout switches under them
/// (a session that does not ask for closed records turns them off for everyone); a thread ends with
/// its run still buffered and a scope left open right after it; runs are broken by another site, a
/// nested scope, an exit on another thread, faulted and completed exits. Every report stays exact:
/// the leaks, and every exit counted once at its own call site with its own outcome.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ClosedRecordSessionTests
{
    // The scenario's sites with one scope per round (closed-edges in the TestApp's ClosedRuns).
    private static readonly string[] s_onePerRound = ["edge-other", "edge-hop", "edge-fault", "edge-fail", "edge-complete"];

    [Fact]
    public async Task SessionsJoiningAndLeavingMidRun_ThreadsEndingWithRunsBuffered_EveryReportExact()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 2");
        var first = new CliRun();
        Task<int> monitor = first.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--min-age", "0", "--format", "json");
        await Eventually.AttachedAsync(first, monitor);

        // A second leakscope session joins and leaves three times while the target works flat out.
        Task<long> working = Task.Run(() => Rounds(app, "closed-edges 2s"));
        var joined = new List<JsonElement>();
        for (int i = 0; i < 3; i++)
        {
            var second = new CliRun();
            int secondCode = await second.InvokeAsync("monitor", app.Pid.ToString(), "--all-events", "--duration", "0.2", "--format", "json").WaitAsync(ChildProcess.Patience);
            Assert.True(secondCode == 1, second.Out + second.Error);
            joined.Add(JsonReport.Parse(second.Out));
        }

        long rounds = await working.WaitAsync(ChildProcess.Patience);

        // A session as dotnet-trace opens it (no provider arguments: no closed records) joins and leaves mid-run.
        working = Task.Run(() => Rounds(app, "closed-edges 1s"));
        var provider = new EventPipeProvider("LeakScope", EventLevel.Informational, keywords: 0x3);
        using (EventPipeSession plain = new DiagnosticsClient(app.Pid).StartEventPipeSession(provider, requestRundown: false))
        {
            Task reading = plain.EventStream.CopyToAsync(Stream.Null);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await plain.StopAsync(CancellationToken.None);
            await reading.WaitAsync(ChildProcess.Patience);
        }

        rounds += await working.WaitAsync(ChildProcess.Patience);
        app.Run("thread-run 3000 leak");
        app.Run("leak 1");
        rounds += Rounds(app, "closed-edges 10");
        first.Signal.Raise();
        int code = await monitor.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 1, first.Out + first.Error);
        JsonElement report = JsonReport.Parse(first.Out);
        List<JsonElement> leaks = report.Leaks();
        Assert.True(leaks.Count == 4, first.Out);
        Assert.Equal(3, leaks.Count(l => l.Str("kind") == "db-connection"));
        Assert.Equal("Run", Assert.Single(leaks, l => l.Str("kind") == "edge-run").Str("member"));

        Dictionary<(string Kind, string Member), JsonElement> exits = ExitsBySite(report);
        Assert.All(s_onePerRound, kind => Assert.Equal(rounds, Exits(exits, kind, "Edges").GetProperty("count").GetInt64()));
        Assert.Equal(rounds, Exits(exits, "edge-run", "Edges").GetProperty("outcomes").GetProperty("unspecified").GetInt64());
        Assert.Equal((rounds * 11) + 2999, Exits(exits, "edge-run", "Run").GetProperty("outcomes").GetProperty("unspecified").GetInt64());
        Assert.Equal(rounds, Exits(exits, "edge-fault", "Edges").GetProperty("outcomes").GetProperty("faulted").GetInt64());
        Assert.Equal(rounds, Exits(exits, "edge-fail", "Edges").GetProperty("outcomes").GetProperty("faulted").GetInt64());
        Assert.Equal(rounds, Exits(exits, "edge-complete", "Edges").GetProperty("outcomes").GetProperty("completed").GetInt64());
        Assert.Equal(rounds, Exits(exits, "edge-hop", "Edges").GetProperty("outcomes").GetProperty("unspecified").GetInt64());

        // The joining sessions saw a part of the run: the two old leaks exactly, and every exit at a known site.
        Assert.All(joined, second =>
        {
            Assert.True(second.Leaks().Count == 2, second.ToString());
            Assert.All(second.Leaks(), l => Assert.Equal("db-connection", l.Str("kind")));
            Assert.DoesNotContain(second.GetProperty("sites").EnumerateArray(), site => site.Str("kind") == "unknown");
        });
        Assert.DoesNotContain(report.GetProperty("sites").EnumerateArray(), site => site.Str("kind") == "unknown");
    }

    private static long Rounds(TargetApp app, string command)
    {
        app.Run(command);
        return long.Parse(app.Said.Single(l => l.StartsWith("rounds ", StringComparison.Ordinal))["rounds ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<(string Kind, string Member), JsonElement> ExitsBySite(JsonElement report) =>
        report.GetProperty("sites").EnumerateArray()
            .Where(site => site.TryGetProperty("exits", out _))
            .ToDictionary(site => (site.Str("kind"), site.Str("member")), site => site.GetProperty("exits"));

    private static JsonElement Exits(Dictionary<(string Kind, string Member), JsonElement> exits, string kind, string member) =>
        exits.TryGetValue((kind, member), out JsonElement found) ? found : throw new Xunit.Sdk.XunitException($"no exits at {kind} ({member}): {string.Join(", ", exits.Keys)}");
}
