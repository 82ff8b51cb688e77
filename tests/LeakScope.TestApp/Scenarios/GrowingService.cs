namespace LeakScope.TestApp;

/// <summary>
/// A service leaking at a steady pace at one call site and flat at another: "grow MS" holds 3
/// "steady" scopes open for good and, on a background thread, leaks one "growing" scope every MS
/// milliseconds until the process exits. "script-names" leaks scopes whose kind and name are markup.
/// </summary>
internal static class GrowingService
{
    private static readonly List<ScopeHandle> s_held = [];

    public static void Grow(string[] args, TextWriter output)
    {
        int pace = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < 3; i++)
        {
            s_held.Add(Scope.Enter("steady", "pool-" + i)); if (i == 0) { SiteReport.Write(output, "steady"); }
        }

        var leaked = new List<ScopeHandle>();
        var first = new ManualResetEventSlim();
        new Thread(() =>
        {
            while (true)
            {
                lock (leaked)
                {
                    leaked.Add(Scope.Enter("growing", "request"));
                }

                first.Set();
                Thread.Sleep(pace);
            }
        }) { IsBackground = true }.Start();
        first.Wait();
    }

    public static void ScriptNames(string[] args, TextWriter output)
    {
        s_held.Add(Scope.Enter("</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>\u001b[2J\ud800" + new string('n', 100_000) + "\u0000after-nul")); SiteReport.Write(output, "script");
    }
}
