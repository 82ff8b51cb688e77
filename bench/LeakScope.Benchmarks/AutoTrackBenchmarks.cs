using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LeakScope.AutoTrackedCalls;

namespace LeakScope.Benchmarks;

/// <summary>
/// What an auto-tracked call costs (LeakScope.AutoTrackedCalls, compiled with LeakScopeAutoTrack) against
/// the same call untracked (here, compiled without it): an uncontended SemaphoreSlim lock pair, and
/// File.OpenRead+Dispose on a temp file.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AutoTrackBenchmarks
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _path = string.Empty;

    [GlobalSetup]
    public void CreateFile()
    {
        _path = Path.GetTempFileName();
        File.WriteAllText(_path, "LeakScope");
    }

    [GlobalCleanup]
    public void DeleteFile() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("lock")]
    public void WaitRelease() => UntrackedWaitRelease(_gate);

    [Benchmark]
    [BenchmarkCategory("lock")]
    public void WaitReleaseAutoTracked() => TrackedCalls.WaitRelease(_gate);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("file")]
    public void OpenReadDispose() => UntrackedOpenReadDispose(_path);

    [Benchmark]
    [BenchmarkCategory("file")]
    public void OpenReadDisposeAutoTracked() => TrackedCalls.OpenReadDispose(_path);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UntrackedWaitRelease(SemaphoreSlim gate)
    {
        gate.Wait();
        gate.Release();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UntrackedOpenReadDispose(string path) => File.OpenRead(path).Dispose();
}
