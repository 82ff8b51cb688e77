namespace LeakScope.TestApp;

/// <summary>"pair-bytes N": enters and exits N scopes and prints "bytes B", what this thread allocated for them.</summary>
internal static class PairCost
{
    public static void Measure(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        // The call site's first enter registers it: only the pairs after that are counted.
        EnterAndExit(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        EnterAndExit(count);
        output.WriteLine("bytes " + (GC.GetAllocatedBytesForCurrentThread() - before).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void EnterAndExit(int count)
    {
        for (int i = 0; i < count; i++)
        {
            using (Scope.Enter("pair-cost", "measured"))
            {
            }
        }
    }
}
