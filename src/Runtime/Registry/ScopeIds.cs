namespace LeakScope.Registry;

/// <summary>
/// Process-wide unique scope ids. Each thread reserves a block so that entering a scope does not
/// contend on a shared counter; ids are therefore unique but not ordered across threads.
/// </summary>
internal static class ScopeIds
{
    private const int BlockSize = 1024;

    [ThreadStatic]
    private static long t_next;

    [ThreadStatic]
    private static long t_limit;

    private static long s_reserved;

    public static long Next()
    {
        long next = t_next;
        if (next == t_limit)
        {
            next = Interlocked.Add(ref s_reserved, BlockSize) - BlockSize + 1;
            t_limit = next + BlockSize;
        }

        t_next = next + 1;
        return next;
    }
}
