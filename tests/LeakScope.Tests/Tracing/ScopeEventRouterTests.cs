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
    public void UnknownEventIds_AreIgnored()
    {
        var router = new ScopeEventRouter(new ScopeTracker("n"));

        Apply(router, 99, [1, 2, 3]);

        Assert.Equal(0, router.UnreadableEvents);
    }

    private static void Apply(ScopeEventRouter router, int id, byte[] payload) => router.TryApply(id, payload, DateTime.UtcNow);

    private static byte[] Utf16(string text) => Encoding.Unicode.GetBytes(text + "\0");

    private static byte[] Int32(int value) => BitConverter.GetBytes(value);

    private static byte[] Int64(long value) => BitConverter.GetBytes(value);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
