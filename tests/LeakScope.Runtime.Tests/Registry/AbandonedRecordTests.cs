using LeakScope.Diagnostics;
using LeakScope.Registry;

namespace LeakScope.Tests.Registry;

public sealed class AbandonedRecordTests
{
    [Fact]
    public void Add_BelowTheBound_KeepsEveryScope_OldestFirst()
    {
        var record = new AbandonedRecord(capacity: 4);
        Add(record, 1, 2, 3);

        AssertHolds(record, 3, 1, 2, 3);
    }

    [Fact]
    public void Add_BeyondTheBound_EvictsTheOldest_AndCountsEveryScope()
    {
        var record = new AbandonedRecord(capacity: 4);
        Add(record, [.. Enumerable.Range(1, 10).Select(i => (long)i)]);

        AssertHolds(record, 10, 7, 8, 9, 10);
        Assert.Equal(10, record.Total);
    }

    [Fact]
    public void Add_ExactlyToTheBound_ThenOneMore_EvictsOnlyTheFirst()
    {
        var record = new AbandonedRecord(capacity: 3);
        Add(record, 1, 2, 3);
        AssertHolds(record, 3, 1, 2, 3);

        Add(record, 4);
        AssertHolds(record, 4, 2, 3, 4);
    }

    [Fact]
    public void ZeroBound_CountsWithoutKeeping()
    {
        var record = new AbandonedRecord(capacity: 0);
        Add(record, 1, 2);

        AssertHolds(record, 2);
    }

    [Fact]
    public void ConcurrentAddsAndReads_LoseNoCount_AndEveryReadIsBoundedAndInOrder()
    {
        const int Threads = 4;
        const int PerThread = 20_000;
        const int Bound = 256;
        var record = new AbandonedRecord(Bound);
        using var start = new Barrier(Threads + 1);
        var writers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 1; i <= PerThread; i++)
            {
                // The thread in the high digits, a rising sequence in the low ones.
                record.Add(Scope(t * 1_000_000L + i));
            }
        })).ToList();
        writers.ForEach(w => w.Start());

        start.SignalAndWait();
        int reads = 0;
        while (writers.Any(w => w.IsAlive) || reads == 0)
        {
            var copy = new List<AbandonedScope>();
            long total = record.CopyTo(copy);
            Assert.True(copy.Count <= Bound, $"A read held {copy.Count} scopes.");
            Assert.True(total >= copy.Count);
            Assert.Equal(copy.Count, copy.Select(s => s.Id).Distinct().Count());
            foreach (IGrouping<long, AbandonedScope> byThread in copy.GroupBy(s => s.Id / 1_000_000))
            {
                long[] ids = [.. byThread.Select(s => s.Id)];
                Assert.Equal(ids.Order(), ids);
            }

            reads++;
        }

        writers.ForEach(w => w.Join());
        (long finalTotal, long[] kept) = Read(record);
        Assert.Equal(Threads * PerThread, finalTotal);
        Assert.Equal(Bound, kept.Length);
        Assert.Equal(Bound, kept.Distinct().Count());
    }

    [Fact]
    public void RetainedName_LongerThanAnySessionMayAskFor_IsCappedButHashesAsTheWholeName()
    {
        string name = new('n', NameFormatter.MaxNameLength * 3);
        RetainedName kept = RetainedName.Of(name);

        Assert.Equal(NameFormatter.MaxNameLength, kept.Text!.Length);
        Assert.Equal(NameFormatter.Format(name, NameMode.Hash, 64), kept.Format(NameMode.Hash, 64));
        Assert.Equal(NameFormatter.Format(name, NameMode.Plain, 64), kept.Format(NameMode.Plain, 64));
        Assert.Equal(NameFormatter.Format(name, NameMode.Plain, NameFormatter.MaxNameLength), kept.Format(NameMode.Plain, NameFormatter.MaxNameLength));
        Assert.Equal(string.Empty, kept.Format(NameMode.Omit, 64));
    }

    [Fact]
    public void RetainedName_Short_IsKeptAsItIs()
    {
        RetainedName kept = RetainedName.Of("orders");

        Assert.Equal(("orders", (string?)null), (kept.Text, kept.HashOfLonger));
        Assert.Equal(NameFormatter.Format("orders", NameMode.Hash, 64), kept.Format(NameMode.Hash, 64));
    }

    private static void Add(AbandonedRecord record, params long[] ids)
    {
        foreach (long id in ids)
        {
            record.Add(Scope(id));
        }
    }

    private static AbandonedScope Scope(long id) => new(id, RetainedName.Of("r" + id), ParentId: 0, EnteredAtMs: id, AbandonedAtMs: id + 1, ThreadId: 1, OwnerId: 0);

    private static void AssertHolds(AbandonedRecord record, long total, params long[] ids)
    {
        (long actualTotal, long[] actualIds) = Read(record);
        Assert.Equal(total, actualTotal);
        Assert.Equal(ids, actualIds);
    }

    private static (long Total, long[] Ids) Read(AbandonedRecord record)
    {
        var copy = new List<AbandonedScope>();
        long total = record.CopyTo(copy);
        return (total, [.. copy.Select(s => s.Id)]);
    }
}
