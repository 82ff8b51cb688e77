using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using LeakScope.Diagnostics;

namespace LeakScope.Benchmarks;

/// <summary>
/// Full mode (every enter and exit as an event) to an in-process EventListener, against the
/// closest thing .NET has: an Activity start+stop with a listener that samples everything.
/// </summary>
[MemoryDiagnoser]
public class FullModeBenchmarks
{
    private ActivitySource? _activitySource;
    private ActivityListener? _activityListener;
    private SessionListener? _session;

    [GlobalSetup(Target = nameof(ActivityStartStop))]
    public void StartActivityListener()
    {
        _activitySource = new ActivitySource("LeakScope.Benchmarks");
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source == _activitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    [GlobalSetup(Target = nameof(FullSession))]
    public void StartFullSession() =>
        _session = SessionListener.Start(ScopeEventSource.Keywords.Full | ScopeEventSource.Keywords.Names, []);

    [GlobalCleanup]
    public void Stop()
    {
        _activityListener?.Dispose();
        _activitySource?.Dispose();
        _session?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ActivitySource start+stop, sampled")]
    public void ActivityStartStop()
    {
        using Activity? activity = _activitySource!.StartActivity("db-connection");
    }

    [Benchmark(Description = "Scope.Enter+Dispose, full session (EventListener)")]
    public void FullSession()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }
}
