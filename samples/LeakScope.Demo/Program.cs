using LeakScope.Samples;

// Runs the sample service until Ctrl+C. Watch it with: leakscope monitor <pid>
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await OrdersService.RunAsync(() => Console.WriteLine($"ready {Environment.ProcessId}"), stop.Token);
