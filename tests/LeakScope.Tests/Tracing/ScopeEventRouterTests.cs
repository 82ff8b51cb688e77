using System.Text;
using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Tracing;

public sealed class ScopeEventRouterTests
{
    [Fact]
    public void MalformedPayloads_AreCounted_NotThrown_AndLaterEventsStillApply()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);

        Apply(router, EventIds.ScopeAnnounced, [1, 2, 3]);
        Apply(router, EventIds.ScopeBatch, Concat(Int32(1), Int32(4), [9, 9, 9, 9]));
        Apply(router, 0, Utf16("EventSource error"));
        Apply(router, EventIds.SnapshotCompleted, Concat(Utf16("n"), Int32(0), Int64(0)));

        Assert.Equal(3, router.UnreadableEvents);
        Assert.True(tracker.SnapshotCompleted);
    }

    [Fact]
    public void ABatchNumberSkipped_IsCountedMissing_ButBatchesOutOfOrderAreNot()
    {
        var router = new ScopeEventRouter(new ScopeTracker("n"));

        foreach (long number in new long[] { 7, 5, 6, 9 })
        {
            Apply(router, EventIds.ScopeBatch, Concat(EmptyBatch, Int64(number)));
        }

        Assert.Equal(1, router.MissingBatches);
        Apply(router, EventIds.ScopeBatch, Concat(EmptyBatch, Int64(8)));
        Assert.Equal(0, router.MissingBatches);
        Assert.Equal(0, router.IncompleteEvents);
    }

    [Fact]
    public void BatchesWithoutNumbers_FromAnOlderRuntime_ShowNoGap_AndADamagedNumberIsUnreadable()
    {
        var router = new ScopeEventRouter(new ScopeTracker("n"));

        Apply(router, EventIds.ScopeBatch, EmptyBatch);
        Apply(router, EventIds.ScopeBatch, Concat(EmptyBatch, Int64(1)));
        Apply(router, EventIds.ScopeBatch, Concat(EmptyBatch, Int64(long.MinValue)));
        Apply(router, EventIds.ScopeBatch, Concat(EmptyBatch, Int64(long.MaxValue)));

        Assert.Equal(long.MaxValue - 2, router.MissingBatches);
        Assert.Equal(1, router.UnreadableEvents);
        Assert.True(router.IncompleteEvents > 0);
    }

    [Fact]
    public void UnknownEventIds_AreIgnored()
    {
        var router = new ScopeEventRouter(new ScopeTracker("n"));

        Apply(router, 99, [1, 2, 3]);

        Assert.Equal(0, router.UnreadableEvents);
    }

    private static byte[] EmptyBatch => Concat(Int32(0), Int32(0));

    private static void Apply(ScopeEventRouter router, int id, byte[] payload) => router.TryApply(id, payload, DateTime.UtcNow);

    private static byte[] Utf16(string text) => Encoding.Unicode.GetBytes(text + "\0");

    private static byte[] Int32(int value) => BitConverter.GetBytes(value);

    private static byte[] Int64(long value) => BitConverter.GetBytes(value);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
