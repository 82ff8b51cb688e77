namespace LeakScope.Registry;

/// <summary>
/// How the runtime sees that a watched resource (<see cref="Scope.Watch"/>) or a tracked wrapper
/// (<see cref="Scope.Track"/>) has ended; stored in <see cref="ScopeSlot.WatchRule"/>, 0 for a plain scope.
/// docs/watch.md describes each rule.
/// </summary>
internal enum WatchRule
{
    None = 0,

    /// <summary>A <see cref="TrackedScope{T}"/>: exited by its Dispose, abandoned when it is collected.</summary>
    Tracked,

    /// <summary>A type with no rule: its closing can never be seen, so it is not watched.</summary>
    Unobserved,

    /// <summary>Exited by an event the resource raises (Component.Disposed, DbConnection.StateChange); no probe.</summary>
    Events,

    /// <summary>A stream is closed when it can no longer read, write or seek.</summary>
    Stream,

    /// <summary>A safe handle is closed when <c>IsClosed</c>.</summary>
    SafeHandle,

    /// <summary>A wait handle is closed when its safe handle is.</summary>
    WaitHandle,

    /// <summary>A data reader is closed when <c>IsClosed</c>.</summary>
    DataReader,

    /// <summary>A transaction has ended when its <c>Connection</c> is null (committed, rolled back or disposed).</summary>
    Transaction,

    /// <summary>A cancellation source is disposed when reading its token throws <see cref="ObjectDisposedException"/>.</summary>
    CancellationSource,

    /// <summary>A TcpClient is closed when its <c>Client</c> socket is gone.</summary>
    TcpClient,

    /// <summary>A socket (one <c>Socket.Accept</c> returned) is closed when reading its <c>LocalEndPoint</c> throws <see cref="ObjectDisposedException"/>.</summary>
    Socket,

    /// <summary>An <c>HttpResponseMessage</c> is disposed when its own disposed flag says so (it has no public one: <see cref="HttpResponseState"/>).</summary>
    HttpResponse,

    /// <summary>A Microsoft.Extensions.DependencyInjection scope or provider is disposed when resolving from it throws <see cref="ObjectDisposedException"/>.</summary>
    ServiceScope,
}
