using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damaged and random compact full-mode batches and batched-snapshot records through their readers
/// (<see cref="CompactRecords.Read"/>, <see cref="SnapshotRecords.Read"/>): records or a
/// <see cref="FormatException"/>, nothing else.
/// </summary>
public sealed class CompactRecordsFuzzTests
{
    private const int Seed = 0xC0FAC7;
    private const int Cases = 3000;

    [Fact]
    public void DamagedCompactBatches_AreReadOrRejectedAsMalformed()
    {
        // Records as a runtime before owners wrote them (format 0).
        Assert.Equal(3, CompactRecords.Read(EventPayloads.CompactRecordsOf(siteId: 5), recordFormat: 0).Count);
        foreach ((int i, byte[] damaged) in Damaged(Seed, EventPayloads.CompactRecordsOf(siteId: 5)).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed:X} case {i}", () => ReadOrReject(() => CompactRecords.Read(damaged, recordFormat: 0).Count));
        }
    }

    [Fact]
    public void DamagedCompactBatchesWithOwners_AreReadOrRejectedAsMalformed()
    {
        byte[] records = OwnedCompactRecords();
        Assert.Equal([9, 0, 0], CompactRecords.Read(records).Select(r => r.OwnerId));
        foreach ((int i, byte[] damaged) in Damaged(Seed + 2, records).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed + 2:X} case {i}", () => ReadOrReject(() => CompactRecords.Read(damaged).Count));
        }
    }

    [Fact]
    public void DamagedSnapshotRecords_AreReadOrRejectedAsMalformed()
    {
        Assert.Equal(2, ReadSnapshot(EventPayloads.SnapshotRecordsOf(siteId: 5), recordFormat: 0));
        foreach ((int i, byte[] damaged) in Damaged(Seed + 1, EventPayloads.SnapshotRecordsOf(siteId: 5)).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed + 1:X} case {i}", () => ReadOrReject(() => ReadSnapshot(damaged, recordFormat: 0)));
        }
    }

    [Fact]
    public void DamagedSnapshotRecordsWithOwners_AreReadOrRejectedAsMalformed()
    {
        var buffer = new byte[256];
        var cursor = default(RecordCursor);
        int length = SnapshotRecords.Write(buffer, ref cursor, 201, 5, 3, 0, 1_795_000_000_000, "orders", ownerId: 300);
        length += SnapshotRecords.Write(buffer.AsSpan(length), ref cursor, 202, 5, 3, 201, 1_795_000_000_000, string.Empty, ownerId: 0);
        byte[] records = buffer[..length];
        Assert.Equal(2, ReadSnapshot(records, SnapshotRecords.OwnerFormat));
        foreach ((int i, byte[] damaged) in Damaged(Seed + 3, records).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed + 3:X} case {i}", () => ReadOrReject(() => ReadSnapshot(damaged, SnapshotRecords.OwnerFormat)));
        }
    }

    private static byte[] OwnedCompactRecords()
    {
        var buffer = new byte[256];
        var cursor = default(RecordCursor);
        int length = CompactRecords.WriteEntered(buffer, ref cursor, 40, 5, 1, 0, 1_795_000_000_000, "a", ownerId: 9);
        length += CompactRecords.WriteEntered(buffer.AsSpan(length), ref cursor, 41, 5, 1, 40, 1_795_000_000_004, "b", ownerId: 0);
        length += CompactRecords.WriteExited(buffer.AsSpan(length), ref cursor, 40, 2, 3.5, "System.IO.IOException");
        return buffer[..length];
    }

    private static int ReadSnapshot(byte[] batch, int recordFormat)
    {
        ReadOnlySpan<byte> records = batch;
        var cursor = default(RecordCursor);
        int count = 0;
        while (!records.IsEmpty)
        {
            SnapshotRecords.Read(ref records, ref cursor, recordFormat);
            count++;
        }

        return count;
    }

    /// <summary>Mostly damaged copies of a real batch, now and then plain random bytes.</summary>
    private static IEnumerable<(int Case, byte[] Batch)> Damaged(int seed, byte[] records)
    {
        var mutator = new ByteMutator(seed);
        for (int i = 0; ; i++)
        {
            yield return (i, mutator.Next(10) == 0 ? mutator.RandomBytes(mutator.Next(300)) : mutator.Mutate(records, out _));
        }
    }

    private static int ReadOrReject(Func<int> read)
    {
        try
        {
            return read();
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}
