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
    public void SnapshotBatch_IsReadRecordByRecord_AndADamagedOneIsCountedUnreadable()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        var records = new byte[256];
        var previous = default(RecordCursor);
        int length = SnapshotRecords.Write(records, ref previous, 900, 3, 1, 0, 1_795_000_000_000, "orders-é", ownerId: 0, recordFormat: 0);
        length += SnapshotRecords.Write(records.AsSpan(length), ref previous, 12, 3, 1, 900, 1_794_999_999_000, string.Empty, ownerId: 0, recordFormat: 0);
        byte[] batch = records[..length];

        Apply(router, EventIds.CallSiteDefined, Concat(Int32(3), Utf16("file"), Utf16("A.cs"), Int32(7), Utf16("M"), Utf16(string.Empty)));
        Apply(router, EventIds.SnapshotBatch, Concat(Utf16("n"), Int32(2), Int32(batch.Length), batch));
        Apply(router, EventIds.SnapshotBatch, Concat(Utf16("n"), Int32(2), Int32(batch.Length - 1), batch[..^1]));
        Apply(router, EventIds.SnapshotBatch, Concat(Utf16("n"), Int32(1), Int32(11), [.. Enumerable.Repeat((byte)0xFF, 11)]));

        Assert.Equal(2, router.UnreadableEvents);
        var open = tracker.OpenScopes().OrderBy(s => s.Id).ToList();
        Assert.Equal([12L, 900L], open.Select(s => s.Id));
        Assert.Equal(["", "orders-é"], open.Select(s => s.Scope.Name));
        Assert.All(open, s => Assert.Equal(("file", 7), (s.Site.Kind, s.Site.Line)));
        Assert.Equal(900L, open[0].ParentId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000).UtcDateTime, open[1].Scope.EnteredAt);
    }

    [Fact]
    public void CompactScopeBatch_AppliesItsRecords_AndADamagedOneIsCountedUnreadable()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        var records = new byte[256];
        var cursor = default(RecordCursor);
        int length = CompactRecords.WriteEntered(records, ref cursor, 40, 0, 1, 0, 1_795_000_000_000, "a", ownerId: 0, recordFormat: 0);
        length += CompactRecords.WriteEntered(records.AsSpan(length), ref cursor, 41, 0, 1, 40, 1_795_000_000_004, "b", ownerId: 0, recordFormat: 0);
        length += CompactRecords.WriteExited(records.AsSpan(length), ref cursor, 40, 2, 3.5, "System.IO.IOException");
        byte[] batch = records[..length];

        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(3), Int32(batch.Length), batch, Int64(1)));
        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(1), Int32(2), [9, 0], Int64(2)));

        Assert.Equal(1, router.UnreadableEvents);
        Assert.Equal(0, router.MissingBatches);
        KnownOpenScope open = Assert.Single(tracker.OpenScopes());
        Assert.Equal((41L, "b", 40L), (open.Id, open.Scope.Name, open.ParentId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_004).UtcDateTime, open.Scope.EnteredAt);
    }

    [Fact]
    public void Owners_AreDefinedOnce_AndResolvedForEveryEventAndRecordThatOpensAScope()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);

        Apply(router, EventIds.CallSiteDefined, Fuzz.EventPayloads.CallSiteDefined(5));
        Apply(router, EventIds.OwnerDefined, Fuzz.EventPayloads.OwnerDefined(1, "test", "Orders.Tests.PlaceOrder(qty: 3)"));
        Apply(router, EventIds.OwnerDefined, Fuzz.EventPayloads.OwnerDefined(1, "test", "a later, different definition"));
        Apply(router, EventIds.ScopeAnnounced, Fuzz.EventPayloads.OwnedDescription(11, 1));
        Apply(router, EventIds.ScopeAnnounced, Fuzz.EventPayloads.Description(12));
        Apply(router, EventIds.SnapshotBatch, Fuzz.EventPayloads.OwnedSnapshotBatch("n", 5, 1));
        Apply(router, EventIds.CompactScopeBatch, Fuzz.EventPayloads.OwnedCompactBatch(5, 7));

        Assert.Equal(0, router.UnreadableEvents);
        Dictionary<long, OwnerInfo?> owners = tracker.OpenScopes().ToDictionary(s => s.Id, s => s.Owner);
        var placeOrder = new OwnerInfo("test", "Orders.Tests.PlaceOrder(qty: 3)");
        Assert.Equal(placeOrder, owners[11]);
        Assert.Null(owners[12]);
        Assert.Equal(placeOrder, owners[301]);
        Assert.Null(owners[302]);

        // Owner 7 was never defined (a lost event): the report still says the scope had an owner.
        Assert.Equal(OwnerInfo.Undefined(7), owners[401]);
        Assert.Null(owners[402]);
    }

    [Fact]
    public void PairedRecords_CloseWhatTheirTwoRecordsWould_CountAsTwo_AndADamagedOneIsUnreadable()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);

        // A snapshot listed scope 60 open; a paired record of it (its enter came again, then its exit) closes it.
        ListOpenInSnapshot(router, 60);

        var records = new byte[256];
        var cursor = default(RecordCursor);
        int start = 0;
        int length = CompactRecords.WriteEntered(records, ref cursor, 60, 0, 1, 0, 1_795_000_000_000, "held", ownerId: 0);
        length += CompactRecords.CompletePair(records, start, length, 2.5);
        start = length;
        length += CompactRecords.WriteEntered(records.AsSpan(length), ref cursor, 61, 0, 1, 0, 1_795_000_000_004, "pair-é", ownerId: 0);
        length += CompactRecords.CompletePair(records, start, length, 0.25);
        length += CompactRecords.WriteEntered(records.AsSpan(length), ref cursor, 62, 0, 1, 0, 1_795_000_000_005, "open", ownerId: 0);
        byte[] batch = records[..length];

        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(3), Int32(batch.Length), batch, Int64(1), Int32(SnapshotRecords.OwnerFormat)));
        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(3), Int32(batch.Length - 1), batch[..^1], Int64(2), Int32(SnapshotRecords.OwnerFormat)));

        Assert.Equal(1, router.UnreadableEvents);
        Assert.Equal(5, router.RecordsRead);
        Assert.Equal([62L], tracker.OpenScopes().Select(s => s.Id));
        List<ScopeRecord> unpaired = CompactRecords.ReadUnpaired(batch);
        Assert.Equal(
            [(ScopeRecordKind.Entered, 60L, "held"), (ScopeRecordKind.Exited, 60L, ""), (ScopeRecordKind.Entered, 61L, "pair-é"), (ScopeRecordKind.Exited, 61L, ""), (ScopeRecordKind.Entered, 62L, "open")],
            unpaired.Select(r => (r.Kind, r.ScopeId, r.Name)));
        Assert.Equal(0.25, unpaired[3].DurationMs);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_004).UtcDateTime, unpaired[2].EnteredAt);
    }

    [Fact]
    public void ClosedRecords_CloseWhatTheirRecordsWould_CountAsTwoPerScope_AndTheRecordAfterReadsWhole()
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        ListOpenInSnapshot(router, 60);

        // As a thread writes them: an entered record, replaced by a closed one at its exit.
        var records = new byte[256];
        var cursor = default(RecordCursor);
        RecordCursor before = cursor;
        CompactRecords.WriteEntered(records, ref cursor, 60, 0, 1, 0, 1_795_000_000_000, "held", ownerId: 0);
        cursor = before;

        // Scopes 58 to 60 closed at one site: the record's count, its last field, grown to 3 as the writer grows it.
        int length = CompactRecords.WriteClosed(records, ref cursor, 58, siteId: 0) - 1;
        length += CompactRecords.WriteClosedCount(records.AsSpan(length), 3);
        cursor = cursor with { ScopeId = 60 };
        length += CompactRecords.WriteEntered(records.AsSpan(length), ref cursor, 62, 0, 1, 0, 1_795_000_000_005, "open", ownerId: 0);
        byte[] batch = records[..length];

        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(2), Int32(batch.Length), batch, Int64(1), Int32(SnapshotRecords.OwnerFormat)));

        Assert.Equal(0, router.UnreadableEvents);
        Assert.Equal(7, router.RecordsRead);
        KnownOpenScope open = Assert.Single(tracker.OpenScopes());
        Assert.Equal(62L, open.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_005).UtcDateTime, open.Scope.EnteredAt);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL << 40)]
    public void AClosedRecordWithACountOutOfRange_IsUnreadable_AndClosesNothing(ulong count)
    {
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        ListOpenInSnapshot(router, 60);

        var records = new byte[64];
        var cursor = default(RecordCursor);
        int length = CompactRecords.WriteClosed(records, ref cursor, 60, siteId: 0) - 1;
        length += Varint.Write(records.AsSpan(length), count);
        Apply(router, EventIds.CompactScopeBatch, Concat(Int32(1), Int32(length), records[..length], Int64(1), Int32(SnapshotRecords.OwnerFormat)));

        Assert.Equal(1, router.UnreadableEvents);
        Assert.Equal([60L], tracker.OpenScopes().Select(s => s.Id));
    }

    [Fact]
    public async Task ClosedRecordsOfHugeCounts_WithScopesOpen_AreReadWithoutALookUpPerId()
    {
        // A closed record stands for up to int.MaxValue scopes in a few bytes: a batch of them (a hostile
        // file, or a worker starved for a while) must not cost the reader a look-up per id while any scope is open.
        var tracker = new ScopeTracker("n");
        var router = new ScopeEventRouter(tracker);
        ListOpenInSnapshot(router, 10);
        ListOpenInSnapshot(router, 5_000_000_000_000);

        const int Records = 1_000;
        var records = new byte[Records * 16];
        var cursor = default(RecordCursor);
        int length = 0;
        for (int i = 0; i < Records; i++)
        {
            // Each run starts right after the previous one: the first covers scope 10, none covers the other.
            length += CompactRecords.WriteClosed(records.AsSpan(length), ref cursor, cursor.ScopeId + 1, siteId: 0) - 1;
            length += CompactRecords.WriteClosedCount(records.AsSpan(length), int.MaxValue);
            cursor = cursor with { ScopeId = cursor.ScopeId + int.MaxValue - 1 };
        }

        byte[] batch = Concat(Int32(Records), Int32(length), records[..length], Int64(1), Int32(SnapshotRecords.OwnerFormat));
        await Task.Run(() => Apply(router, EventIds.CompactScopeBatch, batch)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, router.UnreadableEvents);
        Assert.Equal([5_000_000_000_000L], tracker.OpenScopes().Select(s => s.Id));
        Assert.Equal((long)Records * int.MaxValue, tracker.Outcomes.Total);
    }

    [Fact]
    public void UnknownEventIds_AreIgnored()
    {
        var router = new ScopeEventRouter(new ScopeTracker("n"));

        Apply(router, 99, [1, 2, 3]);

        Assert.Equal(0, router.UnreadableEvents);
    }

    /// <summary>A batched snapshot of session "n" listing scope <paramref name="id"/> open.</summary>
    private static void ListOpenInSnapshot(ScopeEventRouter router, long id)
    {
        var listed = new byte[64];
        var cursor = default(RecordCursor);
        int length = SnapshotRecords.Write(listed, ref cursor, id, 0, 1, 0, 1_795_000_000_000, "held", ownerId: 0);
        Apply(router, EventIds.SnapshotBatch, Concat(Utf16("n"), Int32(1), Int32(length), listed[..length], Int32(SnapshotRecords.OwnerFormat)));
    }

    private static byte[] EmptyBatch => Concat(Int32(0), Int32(0));

    private static void Apply(ScopeEventRouter router, int id, byte[] payload) => router.TryApply(id, payload, DateTime.UtcNow);

    private static byte[] Utf16(string text) => Encoding.Unicode.GetBytes(text + "\0");

    private static byte[] Int32(int value) => BitConverter.GetBytes(value);

    private static byte[] Int64(long value) => BitConverter.GetBytes(value);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
