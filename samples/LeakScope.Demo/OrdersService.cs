namespace LeakScope.Samples;

/// <summary>
/// A small "orders service" that closes most of its resources properly and leaks a few on purpose,
/// each at a known line: what <c>leakscope demo</c> monitors. Read it next to the report.
/// </summary>
public static class OrdersService
{
    /// <summary>Handles requests until cancelled; writes "ready" once the first request is done.</summary>
    /// <param name="ready">Called once, after the first request.</param>
    /// <param name="cancellationToken">Stops the service.</param>
    /// <returns>A task that completes when the service stops.</returns>
    public static async Task RunAsync(Action ready, CancellationToken cancellationToken)
    {
        var neverCompletes = new TaskCompletionSource();
        _ = HoldCacheLockForeverAsync(neverCompletes.Task);

        for (int request = 0; !cancellationToken.IsCancellationRequested; request++)
        {
            HandleOrder(request);
            ExportReport(request);
            if (request == 0)
            {
                ready();
            }

            if (request % 50 == 49)
            {
                // A real service collects now and then; this one does it often, so abandoned files show up quickly.
                GC.Collect();
            }

            try
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static void HandleOrder(int request)
    {
        ScopeHandle connection = Scope.Enter("db-connection", "orders");
        if (request % 40 == 7)
        {
            // The bug: the validation-error path returns without closing the connection.
            return;
        }

        using (Scope.Enter("db-command", "insert order"))
        {
            // ... work ...
        }

        connection.Dispose();
    }

    private static void ExportReport(int request)
    {
        TrackedScope<MemoryStream> file = Scope.Track(new MemoryStream(), "file", $"report-{request % 5}.csv");
        if (request % 60 == 11)
        {
            // The bug: this path forgets the file; the garbage collector finds it abandoned.
            return;
        }

        file.Dispose();
    }

    private static async Task HoldCacheLockForeverAsync(Task neverCompletes)
    {
        // An async flow that never returns: its lock stays held.
        await using ScopeHandle cacheLock = Scope.Enter("lock", "cache-refresh");
        await neverCompletes.ConfigureAwait(false);
    }
}
