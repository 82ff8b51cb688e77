namespace LeakScope.TestApp;

/// <summary>
/// Owners disposed out of order ("owners-disordered"): outer then inner set, outer disposed first,
/// then inner, and <c>after-both</c> leaked once both are gone; and an owner disposed from another
/// thread before <c>after-foreign-dispose</c> is leaked on the flow that set it. Both leaks are unowned.
/// </summary>
internal static class DisorderedOwners
{
    private static readonly List<ScopeHandle> s_leaked = [];

    public static void Run(string[] args, TextWriter output)
    {
        ScopeOwnership outer = Scope.Own("test", "outer");
        ScopeOwnership inner = Scope.Own("test", "inner");
        s_leaked.Add(Scope.Enter("db-connection", "under-inner"));
        outer.Dispose();
        inner.Dispose();
        s_leaked.Add(Scope.Enter("db-connection", "after-both"));

        ScopeOwnership shared = Scope.Own("test", "disposed-elsewhere");
        var disposer = new Thread(() => shared.Dispose());
        disposer.Start();
        disposer.Join();
        s_leaked.Add(Scope.Enter("db-connection", "after-foreign-dispose"));
    }
}
