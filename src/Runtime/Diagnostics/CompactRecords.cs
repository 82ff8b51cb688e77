using System.Text;

namespace LeakScope.Diagnostics;

/// <summary>
/// Full mode's records in <c>CompactScopeBatch</c> events (docs/events.md): the fields of
/// <see cref="ScopeRecords"/> as varints, ids and enter times as differences from the batch's
/// previous record, text in UTF-8. An enter+exit pair of an unnamed scope takes about 12 bytes where
/// the fixed layout takes 55, so a session's buffer holds four times as many before it overflows.
/// Shared by the runtime, which writes them, and the tool, which reads them.
/// </summary>
internal static class CompactRecords
{
    /// <summary>An entered record's fields, then the duration in microseconds: a scope that exited with outcome 0 and no exception type while its enter was still its thread's last buffered record.</summary>
    public const byte PairedType = 3;

    /// <summary>
    /// Scopes with consecutive ids at one site, each entered and exited as a paired record's scope: the
    /// first id, the site and how many. For a session that reads nothing else of such scopes.
    /// </summary>
    public const byte ClosedType = 4;

    private const int MaxFixedSize = 1 + (7 * Varint.MaxSize);

    // UTF8Encoding.GetMaxByteCount's bound ((length + 1) * 3) without its virtual call: full mode asks twice per pair.
    public static int MaxSize(string text) => MaxFixedSize + ((text.Length + 1) * 3);

    /// <summary>An entered record is its type byte and then what a batched snapshot's record holds (<see cref="SnapshotRecords"/>).</summary>
    public static int WriteEntered(Span<byte> destination, ref RecordCursor previous, long scopeId, int siteId, int threadId, long parentId, long enteredAtUnixMs, string name, int ownerId, int recordFormat = SnapshotRecords.OwnerFormat)
    {
        destination[0] = ScopeRecords.EnteredType;
        return 1 + SnapshotRecords.Write(destination[1..], ref previous, scopeId, siteId, threadId, parentId, enteredAtUnixMs, name, ownerId, recordFormat);
    }

    public static int WriteExited(Span<byte> destination, ref RecordCursor previous, long scopeId, int outcome, double durationMs, string exceptionType)
    {
        destination[0] = ScopeRecords.ExitedType;
        int at = 1;
        at += Varint.Write(destination[at..], Varint.ZigZag(scopeId - previous.ScopeId));
        destination[at++] = (byte)outcome;
        at += Varint.Write(destination[at..], Microseconds(durationMs));
        at += RecordText.Write(destination[at..], exceptionType);
        previous = previous with { ScopeId = scopeId };
        return at;
    }

    /// <summary>
    /// Turns the entered record at <paramref name="enteredAt"/>, the last one in <paramref name="buffer"/>
    /// (ending at <paramref name="end"/>), into a paired record; returns the bytes added. Record cursors need
    /// no change: a paired record is read relative to the previous record as its entered record was.
    /// </summary>
    public static int CompletePair(Span<byte> buffer, int enteredAt, int end, double durationMs)
    {
        buffer[enteredAt] = PairedType;
        return Varint.Write(buffer[end..], Microseconds(durationMs));
    }

    /// <summary>The most bytes a closed record of one scope takes: its type, id delta, site and a count of 1.</summary>
    public const int ClosedMaxSize = 1 + Varint.MaxSize + 5 + 1;

    /// <summary>
    /// Writes a closed record of one scope, relative to <paramref name="previous"/>, in at most
    /// <see cref="ClosedMaxSize"/> bytes. Returns its length; its count, 1, is its last byte, where
    /// <see cref="WriteClosedCount"/> writes a larger one.
    /// </summary>
    public static int WriteClosed(Span<byte> destination, ref RecordCursor previous, long scopeId, int siteId)
    {
        destination[0] = ClosedType;
        int at = 1;
        at += Varint.Write(destination[at..], Varint.ZigZag(scopeId - previous.ScopeId));
        at += Varint.Write(destination[at..], (uint)siteId);
        destination[at++] = 1;
        previous = previous with { ScopeId = scopeId };
        return at;
    }

    /// <summary>Writes a closed record's count (its last field); returns its length.</summary>
    public static int WriteClosedCount(Span<byte> destination, long count) => Varint.Write(destination, (ulong)count);

    /// <summary>Reads every record of one batch; throws <see cref="FormatException"/> on a malformed batch.</summary>
    /// <param name="batch">The records.</param>
    /// <param name="recordFormat">The batch's record format: <see cref="SnapshotRecords.OwnerFormat"/> when entered records end with an owner id, 0 for a runtime before owners.</param>
    public static List<ScopeRecord> Read(ReadOnlySpan<byte> batch, int recordFormat = SnapshotRecords.OwnerFormat)
    {
        var records = new List<ScopeRecord>();
        ReadInto(batch, records, recordFormat);
        return records;
    }

    /// <summary>
    /// Reads every record of one batch as enters and exits: a paired record becomes its entered and its
    /// exited record, as a reader that wants every scope's fields sees them.
    /// </summary>
    public static List<ScopeRecord> ReadUnpaired(ReadOnlySpan<byte> batch, int recordFormat = SnapshotRecords.OwnerFormat)
    {
        var records = new List<ScopeRecord>();
        ReadInto(batch, records, recordFormat, unpair: true);
        return records;
    }

    /// <summary>
    /// Reads every record of one batch into <paramref name="records"/>, cleared first: a reader reusing one
    /// list allocates nothing per batch, where a new list of a 16 KiB batch's ~2,700 records grows to
    /// about 200 KiB on the large-object heap. Throws <see cref="FormatException"/> on a malformed batch,
    /// leaving a part of it in the list.
    /// </summary>
    /// <returns>How many more enters and exits the records stand for than there are records: one per paired record (an enter and an exit), 2n - 1 per closed record of n scopes.</returns>
    public static long ReadInto(ReadOnlySpan<byte> batch, List<ScopeRecord> records, int recordFormat = SnapshotRecords.OwnerFormat, bool unpair = false)
    {
        records.Clear();
        long paired = 0;
        var previous = default(RecordCursor);
        while (!batch.IsEmpty)
        {
            byte type = batch[0];
            batch = batch[1..];
            switch (type)
            {
                case ScopeRecords.EnteredType:
                    SnapshotRecord entered = SnapshotRecords.Read(ref batch, ref previous, recordFormat);
                    records.Add(new ScopeRecord(ScopeRecordKind.Entered, entered.ScopeId, entered.SiteId, entered.ThreadId, entered.ParentId, entered.EnteredAt, entered.Name, 0, 0, string.Empty, entered.OwnerId));
                    break;
                case PairedType when unpair:
                    SnapshotRecord both = SnapshotRecords.Read(ref batch, ref previous, recordFormat);
                    double bothMs = Varint.Read(ref batch) / 1000.0;
                    records.Add(new ScopeRecord(ScopeRecordKind.Entered, both.ScopeId, both.SiteId, both.ThreadId, both.ParentId, both.EnteredAt, both.Name, 0, 0, string.Empty, both.OwnerId));
                    records.Add(new ScopeRecord(ScopeRecordKind.Exited, both.ScopeId, 0, 0, 0, default, string.Empty, 0, bothMs, string.Empty, 0));
                    paired++;
                    break;
                case PairedType:
                    // Never open between two batches: the tracker only needs its id and site (its exit's), so its name is not decoded.
                    long pairedId = SnapshotRecords.Skip(ref batch, ref previous, out int pairedSite, recordFormat);
                    double pairedMs = Varint.Read(ref batch) / 1000.0;
                    records.Add(new ScopeRecord(ScopeRecordKind.Paired, pairedId, pairedSite, 0, 0, default, string.Empty, 0, pairedMs, string.Empty, 0));
                    paired++;
                    break;
                case ClosedType:
                    // Nothing of them but ids and site was written: read alike by every reader, as one record.
                    long closedId = previous.ScopeId + Varint.UnZigZag(Varint.Read(ref batch));
                    int closedSite = Varint.ReadInt32(ref batch);
                    ulong closedCount = Varint.Read(ref batch);
                    if (closedCount is 0 or > int.MaxValue)
                    {
                        throw new FormatException("Closed record count out of range.");
                    }

                    records.Add(new ScopeRecord(ScopeRecordKind.Paired, closedId, closedSite, 0, 0, default, string.Empty, 0, 0, string.Empty, 0, (int)closedCount));
                    previous = previous with { ScopeId = closedId + (long)closedCount - 1 };
                    paired += (2 * (long)closedCount) - 1;
                    break;
                case ScopeRecords.ExitedType:
                    long scopeId = previous.ScopeId + Varint.UnZigZag(Varint.Read(ref batch));
                    if (batch.IsEmpty)
                    {
                        throw new FormatException("Truncated record.");
                    }

                    int outcome = batch[0];
                    batch = batch[1..];
                    double durationMs = Varint.Read(ref batch) / 1000.0;
                    string exceptionType = ReadText(ref batch);
                    records.Add(new ScopeRecord(ScopeRecordKind.Exited, scopeId, 0, 0, 0, default, string.Empty, outcome, durationMs, exceptionType, 0));
                    previous = previous with { ScopeId = scopeId };
                    break;
                default:
                    throw new FormatException($"Unknown scope record type {type}.");
            }
        }

        return paired;
    }

    private static ulong Microseconds(double durationMs) => durationMs > 0 ? (ulong)Math.Round(durationMs * 1000) : 0;

    private static string ReadText(ref ReadOnlySpan<byte> source)
    {
        ulong length = Varint.Read(ref source);
        if (length > (ulong)source.Length)
        {
            throw new FormatException("Truncated record.");
        }

        if (length == 0)
        {
            return string.Empty;
        }

        // Invalid UTF-8 decodes to U+FFFD; NUL is repaired as in every other event's text.
        string text = NameFormatter.ForWire(Encoding.UTF8.GetString(source[..(int)length]), int.MaxValue);
        source = source[(int)length..];
        return text;
    }
}
