using System.Buffers.Binary;
using System.Text;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>Well-formed payloads of every <c>LeakScope</c> event (docs/events.md), the starting points the fuzzers damage.</summary>
internal static class EventPayloads
{
    public static readonly DateTime EnteredAt = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    public static byte[] Description(long id, string kind = "db-connection", string name = "orders") => Concat(
        Int64(id), Utf16(kind), Utf16(name), Utf16("/src/Orders/Repository.cs"), Int32(46), Utf16("HandleOrder"), Int32(12), Int64(0), Int64(EnteredAt.ToFileTimeUtc()), Utf16(string.Empty));

    public static byte[] SnapshotStarted(string nonce, long expectedCount) => Concat(Utf16(nonce), Int32(0), Int64(expectedCount));

    public static byte[] SnapshotScope(string nonce, long id) => Concat(Utf16(nonce), Description(id));

    /// <summary>Without <paramref name="abandonedCount"/>, as a runtime from before the record of abandoned scopes writes it.</summary>
    public static byte[] SnapshotCompleted(string nonce, long scopeCount, long? abandonedCount = null) =>
        Concat(Utf16(nonce), Int32(0), Int64(scopeCount), abandonedCount is { } count ? Int64(count) : []);

    /// <summary>A scope from a call site's record of abandoned ones, abandoned 5 s after it was entered.</summary>
    public static byte[] SnapshotAbandoned(string nonce, long id) =>
        Concat(Utf16(nonce), Description(id, "file", "report.csv"), Int64(EnteredAt.AddSeconds(5).ToFileTimeUtc()));

    public static byte[] SnapshotAbandonedSite(string nonce, long abandoned, long listed) => Concat(
        Utf16(nonce), Utf16("file"), Utf16("/src/Orders/Repository.cs"), Int32(46), Utf16("HandleOrder"), Int64(abandoned), Int64(listed));

    public static byte[] ScopeExited(long id) => Int64(id);

    public static byte[] SiteSummary() => Concat(
        Utf16("db-connection"), Utf16("/src/Orders/Repository.cs"), Int32(46), Utf16("HandleOrder"), Int64(3), Int64(10), Int64(7), Int64(0), Double(1000));

    public static byte[] CallSiteDefined(int siteId) => Concat(
        Int32(siteId), Utf16("file"), Utf16("/src/Export.cs"), Int32(63), Utf16("ExportReport"), Utf16(string.Empty));

    /// <summary>A full-mode batch: the int32 record count, then the records as a length-prefixed byte array.</summary>
    public static byte[] ScopeBatch(int siteId) => ScopeBatchOf(Records(siteId), 3);

    public static byte[] ScopeBatchOf(byte[] records, int recordCount) => Concat(Int32(recordCount), Int32(records.Length), records);

    /// <summary>Two enters and one exit, as the runtime's own writer lays them out.</summary>
    public static byte[] Records(int siteId)
    {
        var buffer = new byte[512];
        int length = ScopeRecords.WriteEntered(buffer, 101, siteId, 3, 0, EnteredAt, "report-1.csv");
        length += ScopeRecords.WriteEntered(buffer.AsSpan(length), 102, siteId, 3, 101, EnteredAt, string.Empty);
        length += ScopeRecords.WriteExited(buffer.AsSpan(length), 102, 1, 12.5, "System.IO.IOException");
        return buffer[..length];
    }

    /// <summary>Two enters and one exit in the compact layout, as the runtime's own writer lays them out.</summary>
    public static byte[] CompactRecordsOf(int siteId)
    {
        var buffer = new byte[512];
        var cursor = default(RecordCursor);
        long unixMs = new DateTimeOffset(EnteredAt).ToUnixTimeMilliseconds();
        int length = CompactRecords.WriteEntered(buffer, ref cursor, 101, siteId, 3, 0, unixMs, "report-1.csv", ownerId: 0, recordFormat: 0);
        length += CompactRecords.WriteEntered(buffer.AsSpan(length), ref cursor, 102, siteId, 3, 101, unixMs, string.Empty, ownerId: 0, recordFormat: 0);
        length += CompactRecords.WriteExited(buffer.AsSpan(length), ref cursor, 102, 1, 12.5, "System.IO.IOException");
        return buffer[..length];
    }

    /// <summary>Two open scopes of a batched snapshot, as the runtime's own writer lays them out.</summary>
    public static byte[] SnapshotRecordsOf(int siteId)
    {
        var buffer = new byte[512];
        var cursor = default(RecordCursor);
        long unixMs = new DateTimeOffset(EnteredAt).ToUnixTimeMilliseconds();
        int length = SnapshotRecords.Write(buffer, ref cursor, 201, siteId, 3, 0, unixMs, "orders-é", ownerId: 0, recordFormat: 0);
        length += SnapshotRecords.Write(buffer.AsSpan(length), ref cursor, 199, siteId, 4, 201, unixMs - 5000, string.Empty, ownerId: 0, recordFormat: 0);
        return buffer[..length];
    }

    /// <summary>An owner definition (event version 1 runtimes).</summary>
    public static byte[] OwnerDefined(int ownerId, string kind = "test", string name = "Orders.Tests.PlaceOrder(qty: 3)") => Concat(Int32(ownerId), Utf16(kind), Utf16(name));

    /// <summary>A describing event of version 1: the description, then the owner id.</summary>
    public static byte[] OwnedDescription(long id, int ownerId) => Concat(Description(id), Int32(ownerId));

    /// <summary>Two open scopes of a batched snapshot with owners (record format 1), the format named last.</summary>
    public static byte[] OwnedSnapshotBatch(string nonce, int siteId, int ownerId)
    {
        var buffer = new byte[512];
        var cursor = default(RecordCursor);
        long unixMs = new DateTimeOffset(EnteredAt).ToUnixTimeMilliseconds();
        int length = SnapshotRecords.Write(buffer, ref cursor, 301, siteId, 3, 0, unixMs, "owned", ownerId);
        length += SnapshotRecords.Write(buffer.AsSpan(length), ref cursor, 302, siteId, 3, 301, unixMs, string.Empty, 0);
        return Concat(Utf16(nonce), Int32(2), Int32(length), buffer[..length], Int32(SnapshotRecords.OwnerFormat));
    }

    /// <summary>A compact full-mode batch with owners: records, batch number, record format 1.</summary>
    public static byte[] OwnedCompactBatch(int siteId, int ownerId)
    {
        var buffer = new byte[512];
        var cursor = default(RecordCursor);
        long unixMs = new DateTimeOffset(EnteredAt).ToUnixTimeMilliseconds();
        int length = CompactRecords.WriteEntered(buffer, ref cursor, 401, siteId, 3, 0, unixMs, "owned-full", ownerId);
        length += CompactRecords.WriteEntered(buffer.AsSpan(length), ref cursor, 402, siteId, 3, 0, unixMs, string.Empty, 0);
        return Concat(ScopeBatchOf(buffer[..length], 2), Int64(1), Int32(SnapshotRecords.OwnerFormat));
    }

    public static byte[] SnapshotBatch(string nonce, int siteId)
    {
        byte[] records = SnapshotRecordsOf(siteId);
        return Concat(Utf16(nonce), Int32(2), Int32(records.Length), records);
    }

    private static byte[] Utf16(string text) => Encoding.Unicode.GetBytes(text + "\0");

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Double(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
