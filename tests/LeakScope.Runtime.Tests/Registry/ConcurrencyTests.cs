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
