using System.Diagnostics.Tracing;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

public sealed class EmissionLevelTests
{
    [Fact]
    public void AgedMode_AnnouncesScopesOlderThanTheThreshold_AndTheirExit()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle | K.Names, new() { ["AgeThresholdMs"] = "50", ["SnapshotNonce"] = "s" });
        recorder.WaitForSnapshot("s");

        ScopeHandle longLived = runtime.Enter("db-connection", "orders");
        EventWrittenEventArgs announced = recorder.WaitFor("ScopeAnnounced", e => e.IsFor(longLived.Id));
        Assert.Equal("orders", announced.Get<string>("name"));
        Assert.True((announced.TimeStamp - announced.Get<DateTime>("enteredAt")).TotalMilliseconds >= 40);

        longLived.Dispose();
        Assert.InRange(recorder.WaitFor("ScopeExited", e => e.IsFor(longLived.Id)).Get<double>("durationMs"), 40, 60_000);
        Assert.Single(recorder.Named("ScopeAnnounced"), e => e.IsFor(longLived.Id));
    }

    [Fact]
    public void AgedMode_EmitsNothingForShortScopes()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["AgeThresholdMs"] = "5000", ["SnapshotNonce"] = "s" });
        recorder.WaitForSnapshot("s");

        for (int i = 0; i < 10_000; i++)
        {
            runtime.Enter("short").Dispose();
        }

        // A long scope announced afterwards proves the scanner ran over the short ones.
        ScopeHandle marker = runtime.Enter("marker");
        runtime.Runtime.Events.GetWorker().AnnounceAged(TimeSpan.Zero);
        recorder.WaitFor("ScopeAnnounced", e => e.IsFor(marker.Id));
        marker.Dispose();
        recorder.WaitFor("ScopeExited", e => e.IsFor(marker.Id));

        Assert.DoesNotContain(recorder.Events, e => e.EventName is "ScopeBatch" || (e.EventName is "ScopeAnnounced" && !e.IsFor(marker.Id)));
        Assert.Single(recorder.Named("ScopeExited"));
    }

    [Fact]
    public void Summaries_ReportPerSiteCountsForTheInterval()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Summaries, new() { ["SummaryIntervalMs"] = "50" });

        for (int i = 0; i < 5; i++)
        {
            runtime.Enter("pooled").Dispose();
        }

        using ScopeHandle held = runtime.Enter("pooled");

        EventWrittenEventArgs summary = recorder.WaitFor("SiteSummary", e => e.Get<string>("kind") == "pooled");
        Assert.Equal(
            ["kind", "file", "line", "member", "openNow", "entered", "exited", "abandoned", "intervalMs"],
            summary.PayloadNames);
        long entered = recorder.Named("SiteSummary").Where(e => e.Get<string>("kind") == "pooled").Sum(e => e.Get<long>("entered"));
        Assert.True(entered <= 6);
        recorder.WaitFor("SiteSummary", e => e.Get<string>("kind") == "pooled" && e.Get<long>("openNow") >= 1);
        Assert.Contains(recorder.Named("SiteSummary"), e => e.Get<string>("kind") == "pooled" && e.Get<long>("exited") >= 1);
        EventWrittenEventArgs first = recorder.Named("SiteSummary").First(e => e.Get<string>("kind") == "pooled");
        Assert.EndsWith(nameof(EmissionLevelTests) + ".cs", first.Get<string>("file"), StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeats_KeepComingWhileASessionListens()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Lifecycle, new() { ["SnapshotNonce"] = "beat" });
        recorder.WaitForSnapshot("beat");

        recorder.WaitUntil(() => recorder.Named("Heartbeat").Count() >= 3 ? "enough" : null, "three heartbeats");

        List<DateTime> beats = recorder.Named("Heartbeat").Select(e => e.TimeStamp).ToList();
        Assert.All(beats.Zip(beats.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalMilliseconds, 100, 5_000));
    }
}
