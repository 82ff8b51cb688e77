namespace LeakScope.AutoTrackCorpus;

/// <summary>Keeps the leaked resources reachable, so they are reported open at exit, not abandoned by a collection.</summary>
internal static class Leaks
{
    private static readonly List<object> s_kept = [];

    public static int Count => s_kept.Count;

    public static void Keep(object resource) => s_kept.Add(resource);
}
