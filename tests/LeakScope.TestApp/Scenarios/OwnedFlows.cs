namespace LeakScope.TestApp;

/// <summary>
/// Owners on parallel async flows ("owned N"): flow i runs as owner <c>test Orders.Tests.PlaceOrder(qty: i)</c>,
/// all flows set their owner before any enters a scope, and odd flows leak <c>leak-of-i</c> after an
/// await and inside a <c>Task.Run</c>, nested in a <c>transaction tx-i</c> inside a <c>request handle-i</c>
/// that both exit before the process does; one scope is leaked where no owner flows (<c>unowned-pool</c>).
/// "owned-hostile" leaks under owners whose names hold NUL, escapes, newlines and 100 KB.
/// </summary>
internal static class OwnedFlows
{
    public const string OwnerKind = "test";

    private static readonly System.Collections.Concurrent.ConcurrentBag<ScopeHandle> s_leaked = [];

    public static string OwnerName(int flow) => $"Orders.Tests.PlaceOrder(qty: {flow})";

    public static void Run(string[] args, TextWriter output)
    {
        int flows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var allOwnersSet = new Rendezvous(flows);
        Task[] running = [.. Enumerable.Range(1, flows).Select(flow => Task.Run(() => RunFlowAsync(flow, allOwnersSet)))];
        Task.WaitAll(running);

        using (ExecutionContext.SuppressFlow())
        {
            Task.Run(() => s_leaked.Add(Scope.Enter("db-connection", "unowned-pool"))).Wait();
        }
    }

    public static void Hostile(string[] args, TextWriter output)
    {
        using (Scope.Own(OwnerKind, "bad\0owner\u001b[2J\nnext-line"))
        {
            s_leaked.Add(Scope.Enter("db-connection", "hostile-owner"));
        }

        using (Scope.Own(OwnerKind, new string('o', 100_000)))
        {
            s_leaked.Add(Scope.Enter("db-connection", "huge-owner"));
        }
    }

    /// <summary>Completes for everyone once all have arrived, without holding a thread while waiting.</summary>
    private sealed class Rendezvous(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _all.SetResult();
            }

            return _all.Task;
        }
    }

    private static async Task RunFlowAsync(int flow, Rendezvous allOwnersSet)
    {
        using (Scope.Own(OwnerKind, OwnerName(flow)))
        {
            // Every flow's owner is set before any flow enters: one shared "current owner" would be overwritten.
            // Awaited, not blocked on, so the flows need no more pool threads than the pool has.
            await allOwnersSet.ArriveAsync();
            using (Scope.Enter("request", "balanced-" + flow))
            {
                await Task.Delay(1);
            }

            if (flow % 2 == 1)
            {
                // Its parents exit right after: a report still names them (parent tracking under check).
                using (Scope.Enter("request", "handle-" + flow))
                using (Scope.Enter("transaction", "tx-" + flow))
                {
                    await Task.Run(() => s_leaked.Add(Scope.Enter("db-connection", "leak-of-" + flow)));
                }
            }
        }
    }
}
