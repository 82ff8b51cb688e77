global using LeakScope;
namespace LeakScope.SessionBench;

/// <summary>The measured process: commands on stdin, one result line per command.</summary>
internal static class Target
{
    public static int Run()
    {
        // Touching Scope creates the provider, as any app that uses LeakScope does early on.
        Scope.Enter("warm-up").Dispose();
        Console.WriteLine("ready");
        var held = new List<ScopeHandle>();
        while (Console.ReadLine() is { } line)
        {
            string[] words = line.Split(' ');
            switch (words[0])
            {
                case "churn":
                    // CPU time of the whole process (this thread, EventPipe's and the worker's): what the
                    // session costs the app even when other processes make wall time noisy.
                    TimeSpan cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    (long pairs, double elapsed, double medianNs, double tenthNs) = Churn(double.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
                    double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pairs {pairs} {elapsed} {cpu} {medianNs} {tenthNs}"));
                    break;
                case "pace":
                    (long paced, double pacedSeconds) = Pace(
                        double.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture),
                        double.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture));
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pairs {paced} {pacedSeconds}"));
                    break;
                case "hold":
                    int count = int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
                    for (int i = 0; i < count; i++)
                    {
                        held.Add(Scope.Enter("db-connection", "orders"));
                    }

                    Console.WriteLine("held " + held.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    return 0;
            }
        }

        return 0;
    }

    // Enter+exit pairs at a steady rate: bursts of 1,000 whenever the clock says they are due.
    private static (long Pairs, double Seconds) Pace(double pairsPerSecond, double seconds)
    {
        long pairs = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (pairs < clock.Elapsed.TotalSeconds * pairsPerSecond)
            {
                for (int i = 0; i < 1000; i++)
                {
                    using ScopeHandle scope = Scope.Enter("churn", "pair");
                }

                pairs += 1000;
            }
            else
            {
                Thread.SpinWait(100);
            }
        }

        return (pairs, clock.Elapsed.TotalSeconds);
    }

    // Enter+exit pairs flat out on one thread. Each chunk of 1,000 pairs is timed too: on a machine
    // shared with other work most chunks run without being preempted, so the median and the fastest
    // tenth tell what a pair costs this thread, while the overall rate also counts the time other
    // processes took. A chunk holds at least one full-mode batch write (about 960 pairs fill one).
    public static (long Pairs, double Seconds, double MedianChunkNsPerPair, double TenthChunkNsPerPair) Churn(double seconds)
    {
        const int ChunkPairs = 1_000;
        long pairs = 0;
        var chunkTicks = new List<long>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int chunk = 0; chunk < 10; chunk++)
            {
                long chunkStart = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < ChunkPairs; i++)
                {
                    using ScopeHandle scope = Scope.Enter("churn", "pair");
                }

                chunkTicks.Add(System.Diagnostics.Stopwatch.GetTimestamp() - chunkStart);
            }

            pairs += 10 * ChunkPairs;
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        chunkTicks.Sort();
        double NsPerPair(long ticks) => ticks * 1e9 / System.Diagnostics.Stopwatch.Frequency / ChunkPairs;
        return (pairs, elapsed, NsPerPair(chunkTicks[chunkTicks.Count / 2]), NsPerPair(chunkTicks[chunkTicks.Count / 10]));
    }
}
