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
        Assert.Equal(3, CompactRecords.Read(EventPayloads.CompactRecordsOf(siteId: 5)).Count);
        foreach ((int i, byte[] damaged) in Damaged(Seed, EventPayloads.CompactRecordsOf(siteId: 5)).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed:X} case {i}", () => ReadOrReject(() => CompactRecords.Read(damaged).Count));
        }
    }

    [Fact]
    public void DamagedSnapshotRecords_AreReadOrRejectedAsMalformed()
    {
        Assert.Equal(2, ReadSnapshot(EventPayloads.SnapshotRecordsOf(siteId: 5)));
        foreach ((int i, byte[] damaged) in Damaged(Seed + 1, EventPayloads.SnapshotRecordsOf(siteId: 5)).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed + 1:X} case {i}", () => ReadOrReject(() => ReadSnapshot(damaged)));
        }
    }

    private static int ReadSnapshot(byte[] batch)
    {
        ReadOnlySpan<byte> records = batch;
        var cursor = default(RecordCursor);
        int count = 0;
        while (!records.IsEmpty)
        {
            SnapshotRecords.Read(ref records, ref cursor);
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
