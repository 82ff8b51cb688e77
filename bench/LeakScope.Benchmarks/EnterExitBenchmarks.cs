using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using BenchmarkDotNet.Attributes;
using LeakScope.Diagnostics;
using LeakScope.Registry;

namespace LeakScope.Benchmarks;

/// <summary>
/// One enter+exit pair through the public API, against the cost of tracking the same thing in a
/// ConcurrentDictionary. Each benchmark runs in its own process, so a session set up for one does
/// not touch the others.
/// </summary>
[MemoryDiagnoser]
public class EnterExitBenchmarks
{
    private readonly ConcurrentDictionary<long, object> _dictionary = new();
    private readonly object _value = new();
    private long _key;
    private EventListener? _session;

    [GlobalSetup(Target = nameof(AgedSession))]
    public void StartAgedSession() =>
        _session = SessionListener.Start(
            ScopeEventSource.Keywords.Lifecycle | ScopeEventSource.Keywords.Summaries | ScopeEventSource.Keywords.Names,
            new() { ["AgeThresholdMs"] = "1000" });

    /// <summary>As dotnet-counters and dotnet-trace without keywords enable the provider: keywords 0.</summary>
    [GlobalSetup(Target = nameof(UnaskedSession))]
    public void StartUnaskedSession() =>
        _session = SessionListener.Start(EventKeywords.None, new() { ["EventCounterIntervalSec"] = "1" });

    private DirectoryInfo? _stateDirectory;

    /// <summary>What <c>leakscope check</c> switches on at start-up: every open scope mirrored to a state file.</summary>
    [GlobalSetup(Target = nameof(StateFile))]
    public void KeepStateFile()
    {
        _stateDirectory = Directory.CreateTempSubdirectory("leakscope-bench-");
        ScopeStateFile file = ScopeStateFile.TryCreate(_stateDirectory.FullName, Environment.ProcessId)
            ?? throw new PlatformNotSupportedException("state files need Linux");
        ScopeRuntime.Default.Registry.KeepStateIn(file);
    }

    private ScopeHandle _outer;

    /// <summary>
    /// All that <c>leakscope check</c> switches on at start-up: the state file, and parent tracking (a
    /// frame and an AsyncLocal write per enter); for the nested case a scope stays open around the pair,
    /// so each enter also names its parent (interned once, then cached in the parent's frame).
    /// </summary>
    [GlobalSetup(Target = nameof(UnderCheck))]
    public void KeepStateFileAndTrackParents()
    {
        KeepStateFile();
        ScopeRuntime.Default.Registry.SetSessionModes(RegistryModes.TrackParents);
    }

    [GlobalSetup(Target = nameof(UnderCheckNested))]
    public void KeepStateFileAndTrackParentsInsideAScope()
    {
        KeepStateFileAndTrackParents();
        _outer = Scope.Enter("request", "outer");
    }

    private ScopeOwnership _owner;

    /// <summary>A test or request made owner once (Scope.Own): each enter then reads it.</summary>
    [GlobalSetup(Target = nameof(WithOwner))]
    public void SetOwner() => _owner = Scope.Own("test", "Orders.Tests.PlaceOrder(qty: 3)");

    [GlobalCleanup]
    public void StopSession()
    {
        if (_owner.Kind.Length > 0)
        {
            // The owner must have reached the measured iterations (same thread, same execution context).
            ScopeCheckpoint checkpoint = Scope.Checkpoint();
            using ScopeHandle probe = Scope.Enter("owner-probe");
            if (Scope.GetOpenScopes(checkpoint).Single().OwnerName != _owner.Name)
            {
                throw new InvalidOperationException("the owner set in GlobalSetup did not flow to the benchmark");
            }
        }

        _owner.Dispose();
        _outer.Dispose();
        ScopeRuntime.Default.Registry.SetSessionModes(RegistryModes.None);
        _session?.Dispose();
        _stateDirectory?.Delete(recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ConcurrentDictionary TryAdd+TryRemove")]
    public bool ConcurrentDictionaryPair()
    {
        long key = ++_key;
        _dictionary.TryAdd(key, _value);
        return _dictionary.TryRemove(key, out _);
    }

    [Benchmark(Description = "Scope.Enter+Dispose, no session")]
    public void NoSession()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, no session, owner set")]
    public void WithOwner()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, state file (under check)")]
    public void StateFile()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, under check (state file + parents), outermost")]
    public void UnderCheck()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, under check (state file + parents), inside an open scope")]
    public void UnderCheckNested()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, aged session")]
    public void AgedSession()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, keywords-0 session (dotnet-counters)")]
    public void UnaskedSession()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }
}
