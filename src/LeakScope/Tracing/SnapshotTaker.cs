using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

/// <summary>Takes one complete snapshot of the target's open scopes with a short session of its own.</summary>
internal static class SnapshotTaker
{
    /// <param name="target">The process.</param>
    /// <param name="stacks">Ask for call-site stacks.</param>
    /// <param name="timeout">How long connecting and the snapshot may take together (<c>--attach-timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the snapshot.</param>
    /// <param name="closing">Marks it as the snapshot that closes another session, which sees it too.</param>
    /// <param name="started">Runs once the session is set up: resumes a process paused at start-up (listen mode).</param>
    public static async Task<TakenSnapshot> TakeAsync(TargetProcess target, bool stacks, TimeSpan timeout, CancellationToken cancellationToken, bool closing = false, Func<Task>? started = null)
    {
        SessionOptions options = SessionOptions.SnapshotOnly with { Stacks = stacks, NoncePrefix = closing ? ScopeTracker.ClosingNoncePrefix : string.Empty };
        await using TargetSession session = await TargetSession.AttachAsync(target, options, timeout, cancellationToken, started: started).ConfigureAwait(false);
        await session.StopAsync().ConfigureAwait(false);
        lock (session.Tracker.Sync)
        {
            return new TakenSnapshot(session.Tracker.OpenScopes(), session.Tracker.Abandoned.ToList(), session.EventsLost)
            {
                CountOnlyAbandoned = session.Tracker.CountOnlyAbandoned(),
                AbandonedBeforeUnknown = session.Tracker.RecordsAbandoned == false,
            };
        }
    }
}
