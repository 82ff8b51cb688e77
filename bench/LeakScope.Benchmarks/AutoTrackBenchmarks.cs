using System.Data.Common;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LeakScope.AutoTrackedCalls;
using Microsoft.Data.Sqlite;

namespace LeakScope.Benchmarks;

/// <summary>
/// What an auto-tracked call costs (LeakScope.AutoTrackedCalls, compiled with LeakScopeAutoTrack) against
/// the same call untracked (here, compiled without it): an uncontended SemaphoreSlim lock pair,
/// File.OpenRead+Dispose on a temp file, and a real SQLite connection's Open+Close on an in-memory database.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AutoTrackBenchmarks
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private string _path = string.Empty;

    [GlobalSetup]
    public void CreateFile()
    {
        _path = Path.GetTempFileName();
        File.WriteAllText(_path, "LeakScope");
    }

    [GlobalCleanup]
    public void DeleteFile()
    {
        File.Delete(_path);
        _connection.Dispose();
    }

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

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("db-connection")]
    public void OpenClose() => UntrackedOpenClose(_connection);

    [Benchmark]
    [BenchmarkCategory("db-connection")]
    public void OpenCloseAutoTracked() => TrackedCalls.OpenClose(_connection);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UntrackedOpenClose(DbConnection connection)
    {
        connection.Open();
        connection.Close();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UntrackedWaitRelease(SemaphoreSlim gate)
    {
        gate.Wait();
        gate.Release();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UntrackedOpenReadDispose(string path) => File.OpenRead(path).Dispose();
}
