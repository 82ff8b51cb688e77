using BenchmarkDotNet.Attributes;
using LeakScope.Registry;

namespace LeakScope.Benchmarks;

/// <summary>
/// Following an existing resource (<c>Scope.Track</c>, <c>Scope.Watch</c>) against the plain
/// enter/exit pair. A watched resource's scope ends when the worker's sweep sees it closed, so the
/// watch cases count that sweep too: a batch of watches, then one sweep, per batch.
/// </summary>
[MemoryDiagnoser]
public class TrackWatchBenchmarks
{
    private const int Batch = 1000;

    private readonly object _resource = new();
    private readonly MemoryStream _closed = new();
    private readonly ScopeRegistry _registry = ScopeRuntime.Default.Registry;

    [GlobalSetup]
    public void CloseTheStream() => _closed.Dispose();

    [Benchmark(Baseline = true, Description = "Scope.Enter+Dispose")]
    public void Pair()
    {
        using ScopeHandle scope = Scope.Enter("file", "report.csv");
    }

    [Benchmark(Description = "Scope.Track+Dispose")]
    public void TrackAndDispose()
    {
        using TrackedScope<object> tracked = Scope.Track(_resource, "file", "report.csv");
    }

    /// <summary>A closed stream watched, then found closed by the sweep: what a watched stream costs in all.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "Scope.Watch(stream) + sweep exit")]
    public int WatchClosedThenSweep()
    {
        for (int i = 0; i < Batch; i++)
        {
            Scope.Watch(_closed, "file", "report.csv");
        }

        return _registry.SweepWatched(minAgeMs: 0, probe: true);
    }
}
