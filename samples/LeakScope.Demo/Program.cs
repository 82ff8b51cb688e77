using LeakScope.Samples;

// Runs the sample service until Ctrl+C. Watch it with: leakscope monitor <pid>
// --growing adds a connection pool whose open count stays flat beside the growing leak (bench/soak.sh).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
Task pool = args.Contains("--growing") ? ConnectionPool.RunAsync(TimeSpan.FromMilliseconds(100), stop.Token) : Task.CompletedTask;
await OrdersService.RunAsync(() => Console.WriteLine($"ready {Environment.ProcessId}"), stop.Token);
await pool;
