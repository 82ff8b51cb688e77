using LeakScope.Cli.Model;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>
/// A tool-side tracker holding open scopes as a snapshot of the TestApp's <c>leak N</c> would leave
/// it: one call site, a distinct name each ("orders-0", ...), entered over the last hour in no order.
/// </summary>
internal static class TrackedScopes
{
    public const int OneMillion = 1_000_000;

    public static readonly DateTime Now = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    public static ScopeTracker Track(int count)
    {
        var tracker = new ScopeTracker("bench");
        tracker.OnSnapshotStarted("bench", 0, count);
        for (int i = 0; i < count; i++)
        {
            // A stride prime to the count scatters enter times, so the report's sort has real work.
            long ageMs = 1_000 + (i * 7_919L % 3_600_000);
            tracker.OnSnapshotScope("bench", new ScopeDescription(
                i + 1, "db-connection", "orders-" + i, "/home/build/src/Orders.Api/Repositories/OrdersRepository.cs", 46, "HandleOrder", 12, 0, Now.AddMilliseconds(-ageMs), string.Empty));
        }

        tracker.OnSnapshotCompleted("bench", 0, count);
        return tracker;
    }
}
