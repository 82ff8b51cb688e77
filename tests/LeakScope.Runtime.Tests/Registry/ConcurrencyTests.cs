using LeakScope.Registry;
using LeakScope.Tests.Support;

namespace LeakScope.Tests.Registry;

public sealed class ConcurrencyTests
{
    [Fact]
    public void EightThreads_EnteringAndExiting_LeaveAnExactRegistry()
    {
        const int Threads = 8;
        const int PairsPerThread = 50_000;
        const int LeftOpenPerThread = 100;
        using var runtime = new TestRuntime();
        var leftOpen = new List<ScopeHandle>[Threads];
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var mine = new List<ScopeHandle>();
            var nested = new Stack<ScopeHandle>();
            for (int i = 0; i < PairsPerThread; i++)
            {
                ScopeHandle scope = runtime.Enter("churn", "t" + t);
                if (i % 7 == 0)
                {
                    nested.Push(scope);
                }
                else
                {
                    scope.Dispose();
                }

                if (nested.Count > 5)
                {
                    nested.Pop().Dispose();
                }

                if (i % (PairsPerThread / LeftOpenPerThread) == 0)
                {
                    mine.Add(runtime.Enter("kept", "t" + t));
                }
            }

            while (nested.Count > 0)
            {
                nested.Pop().Dispose();
            }

            leftOpen[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromMinutes(2))));

        List<ScopeDescription> open = runtime.Registry.ReadOpen();
        long[] expected = leftOpen.SelectMany(list => list).Select(h => h.Id).Order().ToArray();
        Assert.Equal(Threads * LeftOpenPerThread, expected.Length);
        Assert.Equal(expected, open.Select(s => s.Id).Order().ToArray());
        Assert.All(open, s => Assert.Equal("kept", s.Site.Kind));

        SiteCounters churn = runtime.Registry.ReadCounters().Single(c => c.Site.Kind == "churn");
        Assert.Equal(Threads * PairsPerThread, churn.Entered);
        Assert.Equal(Threads * PairsPerThread, churn.Exited);
        Assert.Equal(0, runtime.Registry.RedundantDisposals);
    }

    [Fact]
    public void CountsOfThreadsThatExited_SurviveReclaimingTheirSlots()
    {
        using var runtime = new TestRuntime();
        for (int t = 0; t < 4; t++)
        {
            var worker = new Thread(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    runtime.Enter("short-lived-thread").Dispose();
                }
            });
            worker.Start();
            Assert.True(worker.Join(TimeSpan.FromMinutes(1)));
        }

        // Enough open scopes to exhaust the free slots, so the store reclaims the dead threads' caches.
        int capacityBefore = runtime.Registry.Capacity;
        ScopeHandle[] held = Enumerable.Range(0, capacityBefore + 100).Select(_ => runtime.Enter("filler")).ToArray();

        SiteCounters counters = runtime.Registry.ReadCounters().Single(c => c.Site.Kind == "short-lived-thread");
        Assert.Equal((4000L, 4000L), (counters.Entered, counters.Exited));
        Assert.Equal(held.Length, runtime.Registry.ReadCounters().Single(c => c.Site.Kind == "filler").OpenNow);
        Array.ForEach(held, h => h.Dispose());
    }

    [Fact]
    public void SlotsHandedBackInBatchesByOtherThreads_AreNeverGivenToTwoScopes()
    {
        // Each enterer's scopes are exited by its own exiter thread (as the worker's sweep exits watched
        // ones), so slots go back to the shared list and out of it again in batches, from four threads at once.
        const int Pairs = 4;
        const int Rounds = 200;
        const int PerRound = 300;
        using var runtime = new TestRuntime();
        var leftOpen = new List<ScopeHandle>[Pairs];
        var threads = new List<Thread>();
        for (int p = 0; p < Pairs; p++)
        {
            int pair = p;
            var handoff = new System.Collections.Concurrent.BlockingCollection<ScopeHandle[]>(boundedCapacity: 4);
            threads.Add(new Thread(() =>
            {
                var mine = new List<ScopeHandle>();
                for (int round = 0; round < Rounds; round++)
                {
                    ScopeHandle[] batch = [.. Enumerable.Range(0, PerRound).Select(_ => runtime.Enter("handed-back", "p" + pair))];
                    mine.Add(runtime.Enter("kept", "p" + pair));
                    handoff.Add(batch);
                }

                handoff.CompleteAdding();
                leftOpen[pair] = mine;
            }));
            threads.Add(new Thread(() =>
            {
                foreach (ScopeHandle[] batch in handoff.GetConsumingEnumerable())
                {
                    Array.ForEach(batch, h => h.Dispose());
                }
            }));
        }

        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromMinutes(2))));

        // A slot given to two scopes at once would lose one of them: counted as a redundant disposal, missing from the open list.
        Assert.Equal(0, runtime.Registry.RedundantDisposals);
        long[] expected = leftOpen.SelectMany(list => list).Select(h => h.Id).Order().ToArray();
        Assert.Equal(expected, runtime.Registry.ReadOpen().Select(s => s.Id).Order().ToArray());
        SiteCounters handedBack = runtime.Registry.ReadCounters().Single(c => c.Site.Kind == "handed-back");
        Assert.Equal((Pairs * Rounds * PerRound, Pairs * Rounds * PerRound), (handedBack.Entered, handedBack.Exited));
    }

    [Fact]
    public void ScopesExitedByOtherThreads_AreReusedWithoutGrowingWithoutBound()
    {
        using var runtime = new TestRuntime();
        for (int round = 0; round < 20; round++)
        {
            ScopeHandle[] handles = Enumerable.Range(0, 1000).Select(_ => runtime.Enter("handoff")).ToArray();
            var exiter = new Thread(() => Array.ForEach(handles, h => h.Dispose()));
            exiter.Start();
            Assert.True(exiter.Join(TimeSpan.FromMinutes(1)));
        }

        Assert.Equal(0, runtime.OpenCount);
        // 20 rounds of 1000 handed-off scopes need a few thousand slots, not 20,000.
        Assert.InRange(runtime.Registry.Capacity, 1000, 8000);
    }
}
