namespace LeakScope.MSTest.LeakyTests;

/// <summary>Keeps leaked scopes reachable, so they stay open (not abandoned) until the process ends.</summary>
internal static class Leaked
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<ScopeHandle> s_handles = [];

    public static void Keep(ScopeHandle handle) => s_handles.Add(handle);
}
