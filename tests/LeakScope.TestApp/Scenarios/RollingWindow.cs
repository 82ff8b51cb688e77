namespace LeakScope.TestApp;

/// <summary>
/// Scopes that exit while a snapshot lists them: "window K" keeps K scopes open on a background thread,
/// exiting the oldest as it enters the next, flat out, until the process exits; "hold-named N LENGTH"
/// holds N scopes with names LENGTH characters long, so that a snapshot of them takes a while.
/// </summary>
internal static class RollingWindow
{
    private static readonly List<ScopeHandle> s_held = [];

    public static void Start(string[] args, TextWriter output)
    {
        int size = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        var started = new ManualResetEventSlim();
        new Thread(() =>
        {
            var window = new Queue<ScopeHandle>(size);
            while (true)
            {
                if (window.Count == size)
                {
                    window.Dequeue().Dispose();
                    started.Set();
                }

                window.Enqueue(Enter());
            }
        }) { IsBackground = true }.Start();
        started.Wait();
    }

    public static void HoldNamed(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        int length = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        string padding = new('n', length);
        for (int i = 0; i < count; i++)
        {
            string name = (i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + padding)[..length];
            s_held.Add(Scope.Enter("held", name)); if (i == 0) { SiteReport.Write(output, "held"); }
        }
    }

    private static ScopeHandle Enter() => Scope.Enter("churn-window");
}
