using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LeakScope.Cli.Model;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>
/// Time and allocations of writing the report of 1,000,000 open scopes to a file, text and JSON,
/// the streamed way and the way before issue #14 (docs/performance.md). Peak memory: <see cref="ReportPeakMemory"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReportWriteBenchmarks
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-bench-").FullName;
    private ScopeTracker? _tracker;

    [GlobalSetup]
    public void TrackOneMillion() => _tracker = TrackedScopes.Track(TrackedScopes.OneMillion);

    [GlobalCleanup]
    public void RemoveFiles() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "text, streamed")]
    public void Text() => Write("text");

    [Benchmark(Description = "JSON, streamed")]
    public void Json() => Write("json");

    [Benchmark(Description = "text, before (#14)")]
    public void LegacyText() => Write("legacy-text");

    [Benchmark(Description = "JSON, before (#14)")]
    public void LegacyJson() => Write("legacy-json");

    private void Write(string variant) => ReportVariant.Write(variant, _tracker!, Path.Combine(_directory, "report." + variant));
}
