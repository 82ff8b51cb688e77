namespace LeakScope.Diagnostics;

/// <summary>
/// Writes a buffered batch whose names were formatted under name settings less strict than the sessions'
/// now: a session asking for hashed or omitted names that joined after they were encoded receives the
/// batch too, so every name is formatted again first. Rare (a session joining while records are buffered),
/// so it decodes and re-encodes rather than keep raw names beside every record.
/// </summary>
internal static class BatchNameRewriter
{
    /// <summary>Writes the records of <paramref name="data"/> as one or more batches (re-formatted names may not fit in one), each through <paramref name="write"/>.</summary>
    public static void Write(byte[] data, int length, bool compact, Func<string?, string> formatName, Action<int, byte[], int, bool> write)
    {
        List<ScopeRecord> records = compact ? CompactRecords.ReadUnpaired(data.AsSpan(0, length)) : ScopeRecords.Read(data.AsSpan(0, length));
        byte[] batch = new byte[ScopeBatcher.BatchCapacity];
        int at = 0;
        int count = 0;
        var cursor = default(RecordCursor);
        foreach (ScopeRecord record in records)
        {
            string name = record.Kind == ScopeRecordKind.Entered ? formatName(record.Name) : string.Empty;
            int size = record.Kind switch
            {
                ScopeRecordKind.Entered => compact ? CompactRecords.MaxSize(name) : ScopeRecords.EnteredSize(name),
                ScopeRecordKind.Exited => compact ? CompactRecords.MaxSize(record.ExceptionType) : ScopeRecords.ExitedSize(record.ExceptionType),
                _ => CompactRecords.ClosedMaxSize + Varint.MaxSize,
            };
            if (at + size > batch.Length)
            {
                write(count, batch, at, compact);
                at = 0;
                count = 0;
                cursor = default;
            }

            Span<byte> room = batch.AsSpan(at);
            at += record.Kind switch
            {
                ScopeRecordKind.Entered when compact => CompactRecords.WriteEntered(room, ref cursor, record.ScopeId, record.SiteId, record.ThreadId, record.ParentId, (long)(record.EnteredAt - DateTime.UnixEpoch).TotalMilliseconds, name, record.OwnerId),
                ScopeRecordKind.Entered => ScopeRecords.WriteEntered(room, record.ScopeId, record.SiteId, record.ThreadId, record.ParentId, record.EnteredAt, name),
                ScopeRecordKind.Exited when compact => CompactRecords.WriteExited(room, ref cursor, record.ScopeId, record.Outcome, record.DurationMs, record.ExceptionType),
                ScopeRecordKind.Exited => ScopeRecords.WriteExited(room, record.ScopeId, record.Outcome, record.DurationMs, record.ExceptionType),
                _ => WriteClosed(room, ref cursor, record),
            };
            count++;
        }

        if (count > 0)
        {
            write(count, batch, at, compact);
        }
    }

    /// <summary>A closed record of <see cref="ScopeRecord.Count"/> scopes (read as <see cref="ScopeRecordKind.Paired"/>; paired records were read unpaired).</summary>
    private static int WriteClosed(Span<byte> room, ref RecordCursor cursor, ScopeRecord record)
    {
        int countAt = CompactRecords.WriteClosed(room, ref cursor, record.ScopeId, record.SiteId) - 1;
        cursor = cursor with { ScopeId = record.ScopeId + record.Count - 1 };
        return countAt + CompactRecords.WriteClosedCount(room[countAt..], record.Count);
    }
}
