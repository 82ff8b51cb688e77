namespace LeakScope.Generator;

/// <summary>How an interceptor hands the intercepted call's result to the runtime.</summary>
internal enum CallTemplate
{
    /// <summary>The result is the resource: <c>AutoTrack.Watch(call, ...)</c>.</summary>
    WatchResult,

    /// <summary>The result is a task of the resource: <c>AutoTrack.WatchAsync(call, ...)</c>.</summary>
    WatchResultAsync,

    /// <summary>The result is a reader or writer over the resource: its <c>BaseStream</c> is watched.</summary>
    WatchBaseStream,

    /// <summary>The result is a DI scope: its <c>ServiceProvider</c> is watched.</summary>
    WatchServiceProvider,

    /// <summary>The call opens its receiver (a connection), which is watched once it returns.</summary>
    WatchReceiver,

    /// <summary>The call's task opens its receiver, which is watched once it completes.</summary>
    WatchReceiverAsync,

    /// <summary>A semaphore wait returning nothing: a lock scope is entered once it returns.</summary>
    Hold,

    /// <summary>A timed semaphore wait (bool) or <c>WaitAsync</c> (task): a lock scope is entered if it succeeds.</summary>
    HoldIfEntered,

    /// <summary>A semaphore release: the lock scopes it ends are exited.</summary>
    Release,

    /// <summary>A transaction's Commit or Rollback: its scope exits with that outcome once it returns (the name expression is true for a commit).</summary>
    EndTransaction,

    /// <summary>A transaction's CommitAsync or RollbackAsync: its scope exits with that outcome once the task succeeds.</summary>
    EndTransactionAsync,
}
