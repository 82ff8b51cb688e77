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
    /// <summary>The most bytes a record takes besides its name: six varints of at most 10 bytes.</summary>
    public const int MaxFixedSize = 6 * 10;

    public static int MaxSize(string name) => MaxFixedSize + Encoding.UTF8.GetMaxByteCount(name.Length);

    /// <summary>Writes one record after <paramref name="previous"/>, which it then becomes.</summary>
    public static int Write(Span<byte> destination, ref Previous previous, long scopeId, int siteId, int threadId, long parentId, long enteredAtUnixMs, string name)
    {
        int at = 0;
        at += WriteVarint(destination[at..], ZigZag(scopeId - previous.ScopeId));
        at += WriteVarint(destination[at..], (uint)siteId);
        at += WriteVarint(destination[at..], (uint)threadId);
        at += WriteVarint(destination[at..], (ulong)parentId);
        at += WriteVarint(destination[at..], ZigZag(enteredAtUnixMs - previous.EnteredAtUnixMs));
        at += WriteVarint(destination[at..], (uint)Encoding.UTF8.GetByteCount(name));
        at += Encoding.UTF8.GetBytes(name, destination[at..]);
        previous = new Previous(scopeId, enteredAtUnixMs);
        return at;
    }

    /// <summary>Reads one record of a batch; throws <see cref="FormatException"/> on a malformed one.</summary>
    public static SnapshotRecord Read(ref ReadOnlySpan<byte> batch, ref Previous previous)
    {
        long scopeId = previous.ScopeId + UnZigZag(ReadVarint(ref batch));
        int siteId = ReadInt32(ref batch);
        int threadId = ReadInt32(ref batch);
        long parentId = (long)ReadVarint(ref batch);
        long enteredAt = previous.EnteredAtUnixMs + UnZigZag(ReadVarint(ref batch));
        ulong nameBytes = ReadVarint(ref batch);
        if (nameBytes > (ulong)batch.Length)
        {
            throw new FormatException("Truncated snapshot record.");
        }

        if (enteredAt < 0 || enteredAt > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new FormatException($"Snapshot record time {enteredAt} is out of range.");
        }

        // Invalid UTF-8 decodes to U+FFFD; NUL is repaired as in every other event's text.
        string name = nameBytes == 0 ? string.Empty : NameFormatter.ForWire(Encoding.UTF8.GetString(batch[..(int)nameBytes]), int.MaxValue);
        batch = batch[(int)nameBytes..];
        previous = new Previous(scopeId, enteredAt);
        return new SnapshotRecord(scopeId, siteId, threadId, parentId, DateTime.UnixEpoch.AddMilliseconds(enteredAt), name);
    }

    private static int ReadInt32(ref ReadOnlySpan<byte> source)
    {
        ulong value = ReadVarint(ref source);
        return value <= int.MaxValue ? (int)value : throw new FormatException("Snapshot record field out of range.");
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> source)
    {
        ulong value = 0;
        for (int shift = 0, at = 0; shift < 70; shift += 7, at++)
        {
            if (at >= source.Length)
            {
                throw new FormatException("Truncated snapshot record.");
            }

            byte next = source[at];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                source = source[(at + 1)..];
                return value;
            }
        }

        throw new FormatException("Snapshot record varint too long.");
    }

    /// <summary>What the next record is written relative to: the batch's previous record, or zeros at its start.</summary>
    internal readonly record struct Previous(long ScopeId, long EnteredAtUnixMs);
}
