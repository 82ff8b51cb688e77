using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LeakScope.Diagnostics;

/// <summary>
/// The binary records carried by <c>ScopeBatch</c> events in full mode (docs/events.md). Shared by
/// the runtime, which writes them, and the tool, which reads them, so the two cannot drift apart.
/// All integers are little-endian; text is UTF-16 with a 16-bit length in code units.
/// </summary>
internal static class ScopeRecords
{
    public const byte EnteredType = 1;
    public const byte ExitedType = 2;

    /// <summary>type, scopeId, siteId, threadId, parentId, enteredAt, name length.</summary>
    public const int EnteredFixedSize = 1 + 8 + 4 + 4 + 8 + 8 + 2;

    /// <summary>type, scopeId, outcome, durationMs, exception type length.</summary>
    public const int ExitedFixedSize = 1 + 8 + 1 + 8 + 2;

    private static readonly long s_maxFileTime = DateTime.MaxValue.ToFileTimeUtc();

    public static int EnteredSize(string name) => EnteredFixedSize + (2 * name.Length);

    public static int ExitedSize(string exceptionType) => ExitedFixedSize + (2 * exceptionType.Length);

    public static int WriteEntered(Span<byte> destination, long scopeId, int siteId, int threadId, long parentId, DateTime enteredAt, string name)
    {
        destination[0] = EnteredType;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], scopeId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[9..], siteId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[13..], threadId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[17..], parentId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[25..], enteredAt.ToFileTimeUtc());
        return EnteredFixedSize - 2 + WriteText(destination[33..], name);
    }

    public static int WriteExited(Span<byte> destination, long scopeId, int outcome, double durationMs, string exceptionType)
    {
        destination[0] = ExitedType;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], scopeId);
        destination[9] = (byte)outcome;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[10..], durationMs);
        return ExitedFixedSize - 2 + WriteText(destination[18..], exceptionType);
    }

    /// <summary>Reads every record of one batch; throws <see cref="FormatException"/> on a malformed batch.</summary>
    public static List<ScopeRecord> Read(ReadOnlySpan<byte> batch)
    {
        var records = new List<ScopeRecord>();
        while (!batch.IsEmpty)
        {
            switch (batch[0])
            {
                case EnteredType:
                    Require(batch, EnteredFixedSize);
                    string name = ReadText(batch[33..], out int nameBytes);
                    records.Add(new ScopeRecord(
                        ScopeRecordKind.Entered,
                        BinaryPrimitives.ReadInt64LittleEndian(batch[1..]),
                        SiteId: BinaryPrimitives.ReadInt32LittleEndian(batch[9..]),
                        ThreadId: BinaryPrimitives.ReadInt32LittleEndian(batch[13..]),
                        ParentId: BinaryPrimitives.ReadInt64LittleEndian(batch[17..]),
                        EnteredAt: ReadFileTime(batch[25..]),
                        Name: name,
                        Outcome: 0,
                        DurationMs: 0,
                        ExceptionType: string.Empty,
                        OwnerId: 0));
                    batch = batch[(33 + nameBytes)..];
                    break;
                case ExitedType:
                    Require(batch, ExitedFixedSize);
                    string exceptionType = ReadText(batch[18..], out int typeBytes);
                    records.Add(new ScopeRecord(
                        ScopeRecordKind.Exited,
                        BinaryPrimitives.ReadInt64LittleEndian(batch[1..]),
                        SiteId: 0,
                        ThreadId: 0,
                        ParentId: 0,
                        EnteredAt: default,
                        Name: string.Empty,
                        Outcome: batch[9],
                        DurationMs: BinaryPrimitives.ReadDoubleLittleEndian(batch[10..]),
                        ExceptionType: exceptionType,
                        OwnerId: 0));
                    batch = batch[(18 + typeBytes)..];
                    break;
                default:
                    throw new FormatException($"Unknown scope record type {batch[0]}.");
            }
        }

        return records;
    }

    private static int WriteText(Span<byte> destination, string text)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)text.Length);
        ReadOnlySpan<byte> chars = MemoryMarshal.AsBytes(text.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            chars.CopyTo(destination[2..]);
        }
        else
        {
            for (int i = 0; i < text.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 + (2 * i))..], text[i]);
            }
        }

        return 2 + chars.Length;
    }

    private static string ReadText(ReadOnlySpan<byte> source, out int bytesRead)
    {
        Require(source, 2);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(source);
        Require(source, 2 + (2 * length));
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(source[(2 + (2 * i))..]);
        }

        bytesRead = 2 + (2 * length);

        // Read by the tool: lone surrogates from a damaged or hostile batch would make its JSON writers throw.
        return NameFormatter.ForWire(new string(chars), int.MaxValue);
    }

    // DateTime.FromFileTimeUtc throws ArgumentOutOfRangeException for values no writer produces; a
    // reader of damaged batches promises FormatException only.
    private static DateTime ReadFileTime(ReadOnlySpan<byte> source)
    {
        long fileTime = BinaryPrimitives.ReadInt64LittleEndian(source);
        if (fileTime < 0 || fileTime > s_maxFileTime)
        {
            throw new FormatException($"Scope record time {fileTime} is out of range.");
        }

        return DateTime.FromFileTimeUtc(fileTime);
    }

    private static void Require(ReadOnlySpan<byte> source, int length)
    {
        if (source.Length < length)
        {
            throw new FormatException("Truncated scope record.");
        }
    }
}
