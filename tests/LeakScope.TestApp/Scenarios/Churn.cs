namespace LeakScope.TestApp;

/// <summary>Short scopes flat out on one thread for a while: "churn SECONDS". Nothing to report.</summary>
internal static class Churn
{
    public static void Run(string[] args, TextWriter output)
    {
        double seconds = double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        long pairs = 0;
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            for (int i = 0; i < 1000; i++)
            {
                using ScopeHandle scope = Scope.Enter("churn");
            }

            pairs += 1000;
        }

        output.WriteLine($"pairs {pairs}");
    }

    /// <summary>
    /// "churn-forever THREADS": short scopes flat out on background threads until the process exits, so
    /// the exit comes while scopes are entered and exited by the million. Returns once they have
    /// done a million pairs, so the caller knows the flood is on.
    /// </summary>
    public static void RunForever(string[] args, TextWriter output)
    {
        int threads = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        long pairs = 0;
        for (int t = 0; t < threads; t++)
        {
            new Thread(() =>
            {
                while (true)
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        using ScopeHandle scope = Scope.Enter("churn");
                    }

                    Interlocked.Add(ref pairs, 1000);
                }
            }) { IsBackground = true }.Start();
        }

        var wait = new SpinWait();
        while (Interlocked.Read(ref pairs) < 1_000_000)
        {
            wait.SpinOnce();
        }
    }
}
