namespace LeakScope.TestApp;

/// <summary>A scope held open for a while, then closed: "hold", later "release". Not a leak once released.</summary>
internal static class HeldTransaction
{
    private static ScopeHandle s_held;

    public static void Hold(string[] args, TextWriter output)
    {
        s_held = Scope.Enter("transaction", "checkout"); SiteReport.Write(output, "transaction");
    }

    public static void Release(string[] args, TextWriter output) => s_held.Dispose();
}
