using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using LeakScope.Registry;

namespace LeakScope.Benchmarks;

/// <summary>
/// Memory per open scope (allocated bytes per operation while a fresh registry fills up to a million
/// open scopes, names shared) and enter/exit throughput on two threads at once.
/// </summary>
[MemoryDiagnoser]
public class RegistryBenchmarks
{
    private const int OpenScopes = 1_000_000;
    private const int PairsPerThread = 1_000_000;

    private readonly ConcurrentDictionary<long, object> _dictionary = new();
    private readonly object _value = new();
    private ScopeRegistry? _registry;
    private long _nextKey;

    [IterationSetup(Target = nameof(OpenOneMillionScopes))]
    public void NewRegistry() => _registry = new ScopeRegistry();

    /// <summary>Runs on a new thread, whose per-thread slot cache then belongs to the fresh registry.</summary>
    [Benchmark(OperationsPerInvoke = OpenScopes, Description = "registry growth per open scope (1M open)")]
    public void OpenOneMillionScopes()
    {
        ScopeRegistry registry = _registry!;
        var filler = new Thread(() =>
        {
            for (int i = 0; i < OpenScopes; i++)
            {
                registry.Enter("db-connection", "orders", "Orders.cs", 42, "Open");
            }
        });
        filler.Start();
        filler.Join();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * PairsPerThread, Description = "ConcurrentDictionary pair, 2 threads")]
    public void DictionaryPairsOnTwoThreads() => OnTwoThreads(() =>
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            long key = Interlocked.Increment(ref _nextKey);
            _dictionary.TryAdd(key, _value);
            _dictionary.TryRemove(key, out _);
        }
    });

    [Benchmark(OperationsPerInvoke = 2 * PairsPerThread, Description = "Scope.Enter+Dispose, 2 threads")]
    public void ScopePairsOnTwoThreads() => OnTwoThreads(() =>
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            using ScopeHandle scope = Scope.Enter("db-connection", "orders");
        }
    });

    private static void OnTwoThreads(Action work) => Task.WaitAll(Task.Run(work), Task.Run(work));
}
