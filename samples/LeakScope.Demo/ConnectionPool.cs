namespace LeakScope.Samples;

/// <summary>
/// The demo's growing mode (<c>LeakScope.Demo --growing</c>, what bench/soak.sh watches): beside
/// <see cref="OrdersService"/>, whose connection leak grows steadily, a pool that always holds the
/// same number of connections, each one replaced now and then: an open count that stays flat however
/// long the service runs, so a report shows a growing site next to flat ones.
/// </summary>
public static class ConnectionPool
{
    /// <summary>Connections the pool holds open at all times.</summary>
    public const int Size = 20;

    /// <summary>Keeps <see cref="Size"/> connections open until cancelled, replacing the oldest every <paramref name="interval"/>.</summary>
    /// <param name="interval">How often a connection is replaced.</param>
    /// <param name="cancellationToken">Stops the pool; its connections are closed.</param>
    /// <returns>A task that completes when the pool stops.</returns>
    public static async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var pooled = new Queue<ScopeHandle>();
        for (int i = 0; i < Size; i++)
        {
            pooled.Enqueue(Connect());
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                pooled.Dequeue().Dispose();
                pooled.Enqueue(Connect());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end.
        }
        finally
        {
            while (pooled.TryDequeue(out ScopeHandle connection))
            {
                connection.Dispose();
            }
        }
    }

    // One line enters every pooled connection, so the pool is one call site.
    private static ScopeHandle Connect() => Scope.Enter("http-connection", "inventory-api");
}
