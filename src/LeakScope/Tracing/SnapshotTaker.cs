using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

/// <summary>Takes one complete snapshot of the target's open scopes with a short session of its own.</summary>
internal static class SnapshotTaker
{
    public static async Task<TakenSnapshot> TakeAsync(TargetProcess target, bool stacks, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SessionOptions options = SessionOptions.SnapshotOnly with { Stacks = stacks };
        await using TargetSession session = await TargetSession.StartAsync(target, options, cancellationToken).ConfigureAwait(false);
        await session.WaitForSnapshotAsync(timeout, cancellationToken).ConfigureAwait(false);
        await session.StopAsync().ConfigureAwait(false);
        lock (session.Tracker.Sync)
        {
            return new TakenSnapshot(session.Tracker.OpenScopes(), session.Tracker.Abandoned.ToList(), session.EventsLost);
        }
    }
}
