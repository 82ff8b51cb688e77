using BenchmarkDotNet.Attributes;
using LeakScope.Diagnostics;

namespace LeakScope.Benchmarks;

/// <summary>
/// What full mode costs the app's own thread, by the record layout the sessions read, against the
/// pair with no session: an in-process EventListener receives the batches, so no other process
/// shares the cores and the figure is the thread's own work (the out-of-process figure is
/// SessionBench's).
/// </summary>
[MemoryDiagnoser]
public class FullModeRecordBenchmarks
{
    private SessionListener? _session;

    // The provider arguments of docs/events.md "Full mode" (the contract's constants are compiled into
    // both the runtime and the tool, which this project references).

    [GlobalSetup(Target = nameof(SeparateRecords))]
    public void StartSeparate() => Start(new() { ["BatchFormat"] = "compact" });

    [GlobalSetup(Target = nameof(PairedRecords))]
    public void StartPaired() => Start(new()
    {
        ["BatchFormat"] = "compact",
        ["PairedRecords"] = "true",
    });

    [GlobalSetup(Target = nameof(ClosedRecords))]
    public void StartClosed() => Start(new()
    {
        ["BatchFormat"] = "compact",
        ["PairedRecords"] = "true",
        ["ClosedRecords"] = "true",
    });

    [GlobalCleanup]
    public void Stop() => _session?.Dispose();

    [Benchmark(Baseline = true, Description = "Scope.Enter+Dispose, no session")]
    public void NoSession()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "full mode, an entered and an exited record")]
    public void SeparateRecords()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "full mode, paired records")]
    public void PairedRecords()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "full mode, closed records (what leakscope asks for)")]
    public void ClosedRecords()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    private void Start(Dictionary<string, string?> arguments) =>
        _session = SessionListener.Start(ScopeEventSource.Keywords.Full | ScopeEventSource.Keywords.Names, arguments);
}
