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
                    (long pairs, double elapsed) = Churn(double.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pairs {pairs} {elapsed}"));
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

    // Enter+exit pairs flat out on one thread.
    public static (long Pairs, double Seconds) Churn(double seconds)
    {
        long pairs = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 10_000; i++)
            {
                using ScopeHandle scope = Scope.Enter("churn", "pair");
            }

            pairs += 10_000;
        }

        return (pairs, clock.Elapsed.TotalSeconds);
    }
}
