using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>
/// SemaphoreSlim is tracked only as a lock: waited and released on the same semaphore in the same
/// method. A semaphore used as a signal (waited here, released elsewhere) is not tracked at all.
/// </summary>
public sealed class LockFamilyTests
{
    [Fact]
    public void WaitAndReleaseInOneMethod_AreALock()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class App
            {
                private readonly SemaphoreSlim _gate = new(1, 1);

                void Guarded()
                {
                    _gate.Wait();
                    try { } finally { _gate.Release(); }
                }

                async Task GuardedAsync()
                {
                    if (!await this._gate.WaitAsync(TimeSpan.FromSeconds(1))) return;
                    _gate.Release();
                }

                bool Timed()
                {
                    if (!_gate.Wait(10)) return false;
                    _gate.Release(1);
                    return true;
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(6, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.Held(@this, \"_gate\", \"/src/File0.cs\", 10, \"Guarded\");", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.HeldAsync(@this.WaitAsync(@timeout), @this, \"this._gate\", \"/src/File0.cs\", 16, \"GuardedAsync\")", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Held(@this.Wait(@millisecondsTimeout), @this, \"_gate\"", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Released(@this.Release(), @this, 1, \"/src/File0.cs\", \"Guarded\")", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Released(@this.Release(@releaseCount), @this, @releaseCount, \"/src/File0.cs\", \"Timed\")", code, StringComparison.Ordinal);
    }

    [Fact]
    public void ASignal_WaitedInOneMethodAndReleasedInAnother_IsNotTracked()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Threading;
            class App
            {
                private readonly SemaphoreSlim _ready = new(0);
                private readonly SemaphoreSlim _other = new(1);

                void Consume() => _ready.Wait();

                void Produce() => _ready.Release();

                void TwoSemaphores()
                {
                    _ready.Wait();
                    _other.Release();
                }
            }
            """).AssertCompiles();

        Assert.Null(run.Generated);
    }
}
