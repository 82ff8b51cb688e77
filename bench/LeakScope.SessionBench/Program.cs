using System.Globalization;
using LeakScope.Cli.Tracing;
using LeakScope.SessionBench;

// Measures what a leakscope session costs the target and what the tool can ingest, across real
// processes and real EventPipe sessions (docs/performance.md). Run:
//   dotnet run -c Release --project bench/LeakScope.SessionBench [-- check|full]
//   (check: only the 'leakscope check' cost; full: only the no-session baseline and full mode)
if (args is ["target"])
{
    return Target.Run();
}

if (args is ["check-target", var churnFor, var resultFile])
{
    return CheckOverhead.RunTarget(double.Parse(churnFor, CultureInfo.InvariantCulture), resultFile);
}

const double ChurnSeconds = 5;
CultureInfo c = CultureInfo.InvariantCulture;
Console.WriteLine("| measurement | result |");
Console.WriteLine("|---|---|");
if (args is ["check"])
{
    await CheckOverhead.MeasureAsync(ChurnSeconds, c);
    return 0;
}

double baseline = double.NaN;
double baselineCpuNs = double.NaN;
double baselineChunkNs = double.NaN;
double baselineTenthNs = double.NaN;
if (args is ["full"])
{
    using (TargetProcessHandle target = TargetProcessHandle.Start())
    {
        MeasureBaseline(target);
    }

    await FullModeAsync("full mode, paced at 1,500,000 pairs/s", target => target.Pace(1_500_000, ChurnSeconds));
    await FullModeAsync("full mode, flat out", target => target.Churn(ChurnSeconds));
    return 0;
}

using (TargetProcessHandle target = TargetProcessHandle.Start())
{
    MeasureBaseline(target);
    var options = new SessionOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Stacks: false, AllEvents: false);
    await using TargetSession session = await TargetSession.AttachAsync(target.Process, options, TimeSpan.FromSeconds(30), CancellationToken.None);
    (long pairs, double seconds) = target.Churn(ChurnSeconds);
    double attached = pairs / seconds;
    await session.StopAsync();
    Console.WriteLine(string.Create(c, $"| pairs/s on one thread, aged session attached | {attached:N0} |"));
    Console.WriteLine(string.Create(c, $"| slowdown with the aged session | {baseline / attached:0.00}x |"));
    Console.WriteLine(string.Create(c, $"| aged session: events read, lost | {session.EventsRead:N0}, {session.EventsLost:N0} |"));
}

await CheckOverhead.MeasureAsync(ChurnSeconds, c);
await FullModeAsync("full mode, paced at 1,500,000 pairs/s", target => target.Pace(1_500_000, ChurnSeconds));
await FullModeAsync("full mode, paced at 3,000,000 pairs/s", target => target.Pace(3_000_000, ChurnSeconds));
await FullModeAsync("full mode, flat out", target => target.Churn(ChurnSeconds));

long constant = await TrackedBytesAsync(0);
long million = await TrackedBytesAsync(1_000_000);
Console.WriteLine(string.Create(c, $"| tool memory: constant (session, no scope) | {constant / 1024.0 / 1024:0.0} MiB |"));
Console.WriteLine(string.Create(c, $"| tool memory per tracked open scope (1,000,000 tracked) | {(million - constant) / 1_000_000.0:0.0} B |"));
return 0;

void MeasureBaseline(TargetProcessHandle target)
{
    (long basePairs, double baseSeconds) = target.Churn(ChurnSeconds);
    baseline = basePairs / baseSeconds;
    baselineCpuNs = target.LastCpuSeconds * 1e9 / basePairs;
    baselineChunkNs = target.LastMedianChunkNs;
    baselineTenthNs = target.LastTenthChunkNs;
    Console.WriteLine(string.Create(c, $"| pairs/s on one thread, no session | {baseline:N0} |"));
    Console.WriteLine(string.Create(c, $"| target CPU time per pair, no session | {baselineCpuNs:0.0} ns |"));
    Console.WriteLine(string.Create(c, $"| median time per pair of 1,000-pair chunks, no session | {baselineChunkNs:0.0} ns |"));
    Console.WriteLine(string.Create(c, $"| fastest tenth of 1,000-pair chunks, time per pair, no session | {baselineTenthNs:0.0} ns |"));
}

async Task FullModeAsync(string label, Func<TargetProcessHandle, (long Pairs, double Seconds)> load)
{
    using TargetProcessHandle target = TargetProcessHandle.Start();
    bool flatOut = label.Contains("flat out", StringComparison.Ordinal);

    // The no-session pair moves twofold between processes on this machine (JIT and placement), so the
    // flat-out run is also set against the same process's pairs just before the session and just after it.
    (double Rate, double MedianChunkNs, double TenthChunkNs) before = flatOut ? Unattached(target) : default;
    var options = new SessionOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Stacks: false, AllEvents: true);
    await using TargetSession session = await TargetSession.AttachAsync(target.Process, options, TimeSpan.FromSeconds(30), CancellationToken.None);
    (long pairs, double seconds) = load(target);
    double cpuNs = target.LastCpuSeconds * 1e9 / pairs;
    double medianChunkNs = target.LastMedianChunkNs;
    double tenthChunkNs = target.LastTenthChunkNs;

    // The target's last records wait in its thread's buffer for the worker's next flush (20 ms). A
    // session stopped before it never gets them: the runtime flushes as the session is disabled, when
    // EventPipe has already closed it. monitor and collect take a closing snapshot for that end; this
    // harness waits for the flush instead (bounded: a lossy run never reaches the count).
    var flushed = System.Diagnostics.Stopwatch.StartNew();
    while (session.RecordsRead < 2 * pairs && flushed.Elapsed < TimeSpan.FromSeconds(2))
    {
        await Task.Delay(10);
    }

    await session.StopAsync();
    int open;
    lock (session.Tracker.Sync)
    {
        open = session.Tracker.OpenScopes().Count(s => s.Site.Kind == "churn");
    }

    (double Rate, double MedianChunkNs, double TenthChunkNs) after = flatOut ? Unattached(target) : default;

    Console.WriteLine(string.Create(c, $"| {label}: records offered/s (enters + exits) | {2 * pairs / seconds:N0} |"));
    Console.WriteLine(string.Create(c, $"| {label}: records ingested, expected | {session.RecordsRead:N0}, {2 * pairs:N0} |"));
    Console.WriteLine(string.Create(c, $"| {label}: events lost, churn scopes left open in the tool | {session.EventsLost:N0}, {open:N0} |"));
    if (flatOut)
    {
        Console.WriteLine(string.Create(c, $"| {label}: time per pair against the no-session pair | {baseline / (pairs / seconds):0.00}x |"));
        Console.WriteLine(string.Create(c, $"| {label}: target CPU time per pair, against the no-session pair | {cpuNs:0.0} ns, {cpuNs / baselineCpuNs:0.00}x |"));
        Console.WriteLine(string.Create(c, $"| {label}: median time per pair of 1,000-pair chunks, against the no-session pair | {medianChunkNs:0.0} ns, {medianChunkNs / baselineChunkNs:0.00}x |"));
        Console.WriteLine(string.Create(c, $"| {label}: fastest tenth of 1,000-pair chunks, time per pair, against the no-session pair | {tenthChunkNs:0.0} ns, {tenthChunkNs / baselineTenthNs:0.00}x |"));
        double sameProcessRate = (before.Rate + after.Rate) / 2;
        Console.WriteLine(string.Create(c, $"| {label}: same process, no session before / after: pairs/s | {before.Rate:N0} / {after.Rate:N0} |"));
        Console.WriteLine(string.Create(c, $"| {label}: time per pair against the same process's no-session pair (mean of before and after) | {sameProcessRate / (pairs / seconds):0.00}x |"));
        Console.WriteLine(string.Create(c, $"| {label}: median chunk against the same process's (before / after) | {medianChunkNs / before.MedianChunkNs:0.00}x / {medianChunkNs / after.MedianChunkNs:0.00}x |"));
        Console.WriteLine(string.Create(c, $"| {label}: fastest tenth of chunks against the same process's (before / after) | {tenthChunkNs / before.TenthChunkNs:0.00}x / {tenthChunkNs / after.TenthChunkNs:0.00}x |"));
    }
}

(double Rate, double MedianChunkNs, double TenthChunkNs) Unattached(TargetProcessHandle target)
{
    (long pairs, double seconds) = target.Churn(ChurnSeconds);
    return (pairs / seconds, target.LastMedianChunkNs, target.LastTenthChunkNs);
}

// Managed memory of this process while one session tracks the target's open scopes.
async Task<long> TrackedBytesAsync(int held)
{
    using TargetProcessHandle target = TargetProcessHandle.Start();
    target.Hold(held);
    await using TargetSession session = await TargetSession.AttachAsync(target.Process, SessionOptions.SnapshotOnly, TimeSpan.FromSeconds(300), CancellationToken.None);
    long bytes = GC.GetTotalMemory(forceFullCollection: true);
    lock (session.Tracker.Sync)
    {
        if (session.Tracker.OpenCount < held)
        {
            throw new InvalidOperationException("The snapshot is incomplete.");
        }
    }

    await session.StopAsync();
    return bytes;
}
