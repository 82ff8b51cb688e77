using System.Runtime.CompilerServices;
using System.Text;

namespace LeakScope.Diagnostics;

/// <summary>
/// The records carried by <c>SnapshotBatch</c> events (docs/events.md): one open scope each, as
/// unsigned LEB128 varints and a UTF-8 name, about 20 bytes for a scope with a short name where an
/// event per scope took about 250. Ids and enter times are written as the difference from the
/// previous record of the same batch, so a batch can be read on its own. Shared by the runtime,
/// which writes them, and the tool, which reads them.
/// </summary>
internal static class SnapshotRecords
{
    /// <summary>The most bytes a record takes besides its name: seven varints of at most 10 bytes.</summary>
    public const int MaxFixedSize = 7 * Varint.MaxSize;

    /// <summary>
    /// The record format a batch event names in its last field (event version 1): records end with the
    /// owner's id. A batch without that field (a runtime before owners) has records without it.
    /// </summary>
    public const int OwnerFormat = 1;

    public static int MaxSize(string name) => MaxFixedSize + Encoding.UTF8.GetMaxByteCount(name.Length);

    /// <summary>Writes one record after <paramref name="previous"/>, which it then becomes.</summary>
    /// <remarks>With <paramref name="recordFormat"/> 0 the record is laid out as a runtime before owners wrote it (readers' tests of old recordings).</remarks>
    public static int Write(Span<byte> destination, ref RecordCursor previous, long scopeId, int siteId, int threadId, long parentId, long enteredAtUnixMs, string name, int ownerId, int recordFormat = OwnerFormat)
    {
        int at = 0;
        at += Varint.Write(destination[at..], Varint.ZigZag(scopeId - previous.ScopeId));
        at += Varint.Write(destination[at..], (uint)siteId);
        at += Varint.Write(destination[at..], (uint)threadId);
        at += Varint.Write(destination[at..], (ulong)parentId);
        at += Varint.Write(destination[at..], Varint.ZigZag(enteredAtUnixMs - previous.EnteredAtUnixMs));
        at += RecordText.Write(destination[at..], name);
        if (recordFormat >= OwnerFormat)
        {
            at += Varint.Write(destination[at..], (uint)ownerId);
        }

        previous = new RecordCursor(scopeId, enteredAtUnixMs);
        return at;
    }

    /// <summary>
    /// Passes over one record, checked as <see cref="Read"/> checks it but without decoding its name,
    /// and returns its scope id and its site's.
    /// </summary>
    public static long Skip(ref ReadOnlySpan<byte> batch, ref RecordCursor previous, out int siteId, int recordFormat = OwnerFormat)
    {
        RecordHeader header = ReadHeader(ref batch, previous);
        siteId = header.SiteId;
        batch = batch[header.NameBytes..];
        if (recordFormat >= OwnerFormat)
        {
            Varint.ReadInt32(ref batch);
        }

        previous = new RecordCursor(header.ScopeId, header.EnteredAtUnixMs);
        return header.ScopeId;
    }

    /// <summary>Reads one record of a batch; throws <see cref="FormatException"/> on a malformed one.</summary>
    /// <param name="batch">The rest of the batch.</param>
    /// <param name="previous">The record before, which this one becomes.</param>
    /// <param name="recordFormat"><see cref="OwnerFormat"/>, or 0 for records of a runtime before owners.</param>
    public static SnapshotRecord Read(ref ReadOnlySpan<byte> batch, ref RecordCursor previous, int recordFormat = OwnerFormat)
    {
        RecordHeader header = ReadHeader(ref batch, previous);

        // Invalid UTF-8 decodes to U+FFFD; NUL is repaired as in every other event's text.
        string name = header.NameBytes == 0 ? string.Empty : NameFormatter.ForWire(Encoding.UTF8.GetString(batch[..header.NameBytes]), int.MaxValue);
        batch = batch[header.NameBytes..];
        int ownerId = recordFormat >= OwnerFormat ? Varint.ReadInt32(ref batch) : 0;
        previous = new RecordCursor(header.ScopeId, header.EnteredAtUnixMs);
        return new SnapshotRecord(header.ScopeId, header.SiteId, header.ThreadId, header.ParentId, DateTime.UnixEpoch.AddMilliseconds(header.EnteredAtUnixMs), name, ownerId);
    }

    /// <summary>A record's fields up to its name, checked; the name's bytes are left in <paramref name="batch"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RecordHeader ReadHeader(ref ReadOnlySpan<byte> batch, in RecordCursor previous)
    {
        long scopeId = previous.ScopeId + Varint.UnZigZag(Varint.Read(ref batch));
        int siteId = Varint.ReadInt32(ref batch);
        int threadId = Varint.ReadInt32(ref batch);
        long parentId = (long)Varint.Read(ref batch);
        long enteredAt = previous.EnteredAtUnixMs + Varint.UnZigZag(Varint.Read(ref batch));
        ulong nameBytes = Varint.Read(ref batch);
        if (nameBytes > (ulong)batch.Length)
        {
            throw new FormatException("Truncated snapshot record.");
        }

        if (enteredAt < 0 || enteredAt > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new FormatException($"Snapshot record time {enteredAt} is out of range.");
        }

        return new RecordHeader(scopeId, siteId, threadId, parentId, enteredAt, (int)nameBytes);
    }

    private readonly record struct RecordHeader(long ScopeId, int SiteId, int ThreadId, long ParentId, long EnteredAtUnixMs, int NameBytes);
}
