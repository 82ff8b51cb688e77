using System.Collections.Concurrent;
using LeakScope.Diagnostics;
using LeakScope.Registry;

namespace LeakScope.Tests.Diagnostics;

/// <summary>
/// Threads append with no locked instruction while flushers take their buffers (ScopeBatcher's
/// remarks): every record must come out once, whole, in its thread's order, whoever wrote the batch,
/// including the last records of a thread that ends while a flush is under way (its buffer was
/// dropped as its thread's end was seen after the flush, with those records still in it).
/// </summary>
public sealed class ScopeBatcherTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void ThreadsAppending_WhileAnotherFlushes_LoseNoRecord_AndEveryBatchReads(bool paired, bool closed)
    {
        const int Writers = 3;
        const int PairsPerWriter = 30_000;
        var batches = new ConcurrentQueue<(int Count, byte[] Records)>();
        Thread? flusherThread = null;
        using var batcher = new ScopeBatcher((count, data, length, compact) =>
        {
            byte[] copy = data.AsSpan(0, length).ToArray();

            // A slow write by the flusher widens the window in which an owner that did not wait would write too.
            if (Thread.CurrentThread == flusherThread)
            {
                Thread.SpinWait(5_000);
            }

            batches.Enqueue((count, copy));
        })
        { Compact = true, Paired = paired, Closed = closed };
        using var writersDone = new CountdownEvent(Writers);
        long flushes = 0;
        long pairsDone = 0;

        var flusher = new Thread(() =>
        {
            // Flushes as often as it can, so most buffers are taken by it mid-stream, not by their owners.
            while (!writersDone.IsSet)
            {
                long seen = Interlocked.Read(ref pairsDone);
                batcher.FlushAll();
                flushes++;

                // Back to back, the flusher would hold some buffer almost all the time, and a writer waiting for
                // it (sleeping between spins) could starve for minutes; the worker flushes every 20 ms.
                SpinWait.SpinUntil(() => Interlocked.Read(ref pairsDone) != seen || writersDone.IsSet, TimeSpan.FromMilliseconds(2));
            }
        });
        flusherThread = flusher;
        flusher.Start();

        var writers = Enumerable.Range(0, Writers).Select(writer => new Thread(() =>
        {
            long firstId = (writer + 1) * 1_000_000_000L;
            for (long i = 0; i < PairsPerWriter; i++)
            {
                batcher.AppendEntered(firstId + i, siteId: writer, threadId: writer, parentId: 0, ScopeClock.Now(), i % 7 == 0 ? "named-é" : string.Empty, ownerId: 0);
                // With pairs, outcome 0 lets an exit complete its enter's record when a flush did not take it between them.
                batcher.AppendExited(firstId + i, outcome: paired ? 0 : 1, ScopeClock.Now(), exceptionType: string.Empty);

                // Time between appends, as an app has: a flusher finds the buffer idle while its owner runs.
                Thread.SpinWait(20);
                Interlocked.Increment(ref pairsDone);
            }

            writersDone.Signal();
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        flusher.Join();
        batcher.FlushAll();

        Assert.True(flushes > 10, $"The flusher ran {flushes} times; the test needs it to race the writers.");
        var next = new Dictionary<int, long>();
        long pairs = 0;
        foreach ((int count, byte[] records) in batches)
        {
            List<ScopeRecord> read = CompactRecords.Read(records);
            Assert.Equal(count, read.Count);
            pairs += read.Where(r => r.Kind == ScopeRecordKind.Paired).Sum(r => r.Count);
            if (!closed)
            {
                // A paired record stands for its two records, with every field (a closed one has only the id and site).
                read = CompactRecords.ReadUnpaired(records);
            }

            foreach (ScopeRecord record in read)
            {
                int writer = (int)(record.ScopeId / 1_000_000_000L) - 1;
                long index = record.ScopeId % 1_000_000_000L;
                long expected = next.GetValueOrDefault(writer);

                // In each thread's order: enter i, exit i, enter i + 1; a closed record is both.
                Assert.Equal(expected / 2, index);
                Assert.Equal(expected % 2 == 0 ? ScopeRecordKind.Entered : ScopeRecordKind.Exited, record.Kind == ScopeRecordKind.Paired ? ScopeRecordKind.Entered : record.Kind);
                if (record.Kind is ScopeRecordKind.Entered or ScopeRecordKind.Paired)
                {
                    Assert.Equal(writer, record.SiteId);
                }

                next[writer] = expected + (record.Kind == ScopeRecordKind.Paired ? 2 * record.Count : 1);
            }
        }

        Assert.Equal(Enumerable.Repeat(2L * PairsPerWriter, Writers), Enumerable.Range(0, Writers).Select(w => next.GetValueOrDefault(w)));
        if (closed)
        {
            // A closed record stands for a run of one site's scopes: far fewer records than scopes.
            Assert.True(batches.Sum(b => b.Count) < Writers * PairsPerWriter / 2, $"{batches.Sum(b => b.Count)} records for {Writers * PairsPerWriter} scopes");
        }

        if (paired)
        {
            // Most pairs are one record; a flush between an enter and its exit leaves the two apart.
            Assert.InRange(pairs, Writers * PairsPerWriter / 2, Writers * PairsPerWriter);
        }
        else
        {
            Assert.Equal(0, pairs);
        }
    }

    [Fact]
    public void ClosedScopes_AreNeverEncodedNorNamed_AndAnEnterFollowedByAnother_IsWrittenWithItsName()
    {
        var batches = new List<byte[]>();
        int formatted = 0;
        using var batcher = new ScopeBatcher(
            (count, data, length, compact) => batches.Add(data.AsSpan(0, length).ToArray()),
            name =>
            {
                formatted++;
                return "<" + name + ">";
            })
        { Compact = true, Paired = true, Closed = true };

        for (long id = 1; id <= 1_000; id++)
        {
            batcher.AppendEntered(id, siteId: 7, threadId: 1, parentId: 0, ScopeClock.Now(), "item", ownerId: 0);
            batcher.AppendExited(id, outcome: 0, ScopeClock.Now(), exceptionType: string.Empty);
        }

        Assert.Equal(0, formatted);

        // An outer scope stays held only until its child's enter: then it is written whole.
        batcher.AppendEntered(1_001, siteId: 8, threadId: 1, parentId: 0, ScopeClock.Now(), "outer", ownerId: 0);
        batcher.AppendEntered(1_002, siteId: 9, threadId: 1, parentId: 1_001, ScopeClock.Now(), "inner", ownerId: 0);
        batcher.AppendExited(1_002, outcome: 0, ScopeClock.Now(), exceptionType: string.Empty);
        batcher.AppendExited(1_001, outcome: 0, ScopeClock.Now(), exceptionType: string.Empty);
        batcher.FlushAll();

        Assert.Equal(1, formatted);
        List<ScopeRecord> read = [.. batches.SelectMany(batch => CompactRecords.Read(batch))];
        Assert.Equal(
            [(ScopeRecordKind.Paired, 1L, 7, 1_000), (ScopeRecordKind.Entered, 1_001L, 8, 1), (ScopeRecordKind.Paired, 1_002L, 9, 1), (ScopeRecordKind.Exited, 1_001L, 0, 1)],
            read.Select(r => (r.Kind, r.ScopeId, r.Kind == ScopeRecordKind.Exited ? 0 : r.SiteId, r.Count)));
        Assert.Equal("<outer>", read[1].Name);
    }

    [Fact]
    public void AfterNamesTightened_ABufferFlushedOnce_IsWrittenAsItIsAgain_NotRewrittenAtEveryFlush()
    {
        var written = new List<byte[]>();
        using var batcher = new ScopeBatcher((count, data, length, compact) => written.Add(data))
        { Compact = true, Paired = true, Closed = true };
        void CloseOne(long id)
        {
            batcher.AppendEntered(id, siteId: 1, threadId: 1, parentId: 0, ScopeClock.Now(), "item", ownerId: 0);
            batcher.AppendExited(id, outcome: 0, ScopeClock.Now(), exceptionType: string.Empty);
        }

        CloseOne(1);
        batcher.FlushAll();
        byte[] own = Assert.Single(written);

        // Its records were encoded before the change: written again, formatted anew, from a copy.
        CloseOne(2);
        batcher.NameSettingsTightened();
        batcher.FlushAll();
        Assert.NotSame(own, written[1]);

        // Emptied by that flush, the buffer holds only records encoded since: nothing to format again.
        CloseOne(3);
        batcher.FlushAll();
        Assert.Same(own, written[2]);
    }
}
