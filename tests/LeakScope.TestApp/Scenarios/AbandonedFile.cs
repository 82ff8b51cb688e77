using System.Globalization;
using System.Runtime.CompilerServices;

namespace LeakScope.TestApp;

/// <summary>
/// Tracked files dropped without dispose, "abandon [N]", then found by the collector, "gc": it
/// collects until every file dropped so far has been finalized (its scope abandoned) and says how
/// many that is ("abandoned N"), so a test attaches only once they are gone.
/// </summary>
internal static class AbandonedFile
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly List<long> s_dropped = [];

    public static void Abandon(string[] args, TextWriter output)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        for (int i = 0; i < count; i++)
        {
            s_dropped.Add(TrackAndDrop(output, count == 1 ? "report.csv" : $"report-{i}.csv"));
        }
    }

    public static void Collect(string[] args, TextWriter output)
    {
        DateTime deadline = DateTime.UtcNow + s_patience;
        do
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        while (StillOpen() > 0 && DateTime.UtcNow < deadline);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"abandoned {s_dropped.Count - StillOpen()}"));
    }

    private static int StillOpen()
    {
        var open = Scope.GetOpenScopes().Select(scope => scope.Id).ToHashSet();
        return s_dropped.Count(open.Contains);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long TrackAndDrop(TextWriter output, string name)
    {
        long id = Scope.Track(new MemoryStream(), "file", name).Id; SiteReport.Write(output, "file");
        return id;
    }
}
