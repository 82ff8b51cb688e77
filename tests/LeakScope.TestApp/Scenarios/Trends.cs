namespace LeakScope.TestApp;

/// <summary>
/// Open counts with a shape, on background threads until the process exits: "trend-grow INTERVAL_MS"
/// enters a scope every interval and never exits it (a steady leak); "sawtooth INTERVAL_MS PEAK"
/// enters one every interval and exits them all once PEAK are open (a pool that returns to its base).
/// </summary>
internal static class Trends
{
    private static readonly List<ScopeHandle> s_grown = [];

    public static void Grow(string[] args, TextWriter output)
    {
        int interval = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        s_grown.Add(EnterGrown(output));
        Start(() =>
        {
            while (true)
            {
                Thread.Sleep(interval);
                s_grown.Add(EnterGrown(null));
            }
        });
    }

    public static void Sawtooth(string[] args, TextWriter output)
    {
        int interval = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        int peak = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var pool = new List<ScopeHandle>(peak) { EnterPooled(output) };
        Start(() =>
        {
            while (true)
            {
                if (pool.Count == peak)
                {
                    pool.ForEach(scope => scope.Dispose());
                    pool.Clear();
                }

                Thread.Sleep(interval);
                pool.Add(EnterPooled(null));
            }
        });
    }

    // The site is reported from the line that enters, as every scenario does; the first enter tells it.
    private static ScopeHandle EnterGrown(TextWriter? output)
    {
        ScopeHandle scope = Scope.Enter("growing", "grown"); if (output is not null) { SiteReport.Write(output, "growing"); }
        return scope;
    }

    private static ScopeHandle EnterPooled(TextWriter? output)
    {
        ScopeHandle scope = Scope.Enter("pooled", "pooled"); if (output is not null) { SiteReport.Write(output, "pooled"); }
        return scope;
    }

    private static void Start(ThreadStart loop) => new Thread(loop) { IsBackground = true }.Start();
}
