namespace LeakScope.NUnit.LeakyTests;

/// <summary>A process-wide resource opened by a type initializer, in whichever test touches it first.</summary>
internal static class SharedPool
{
    public static readonly ScopeHandle Connection;

    static SharedPool()
    {
        Connection = Scope.Enter("pool", "shared");
    }
}
