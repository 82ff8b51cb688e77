using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damaged copies of a real recording with leaks through <c>leakscope report</c>: every one ends in a
/// documented exit code, in time, and none is reported clean. A failing input is kept in
/// fuzz-failures/ beside the tests so it can be replayed.
/// </summary>
/// <remarks>
/// Recordings/leaky.nettrace is checked in, so every run damages the same bytes. It was made from
/// the test app: <c>leak 2</c>, then <c>leakscope collect PID -o leaky.nettrace --duration 2 --all-events</c>
/// while the app ran <c>balanced 20</c> and <c>leak 1</c>: a snapshot, full-mode batches, three
/// leaks and a closing snapshot in 9 KB.
/// </remarks>
public sealed class TraceFileFuzzTests : IDisposable
{
    private const int Seed = 0x7EACE;
    private const int Cases = 120;

    /// <summary>Leaks, inconclusive, not a trace file, or cut short: anything else from damaged input is a defect.</summary>
    private static readonly int[] s_acceptedCodes = [(int)ReturnCode.LeaksFound, (int)ReturnCode.Inconclusive, (int)ReturnCode.NotATraceFile, (int)ReturnCode.PartialTrace];

    private static readonly byte[] s_recording = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Recordings", "leaky.nettrace"));

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-fuzz-trace-");

    [Fact]
    public async Task TheRecording_ReportsItsLeaks()
    {
        (int code, CliRun run) = await Report(s_recording);

        Assert.True(code == (int)ReturnCode.LeaksFound, run.Error);
        Assert.Equal(3, JsonReport.Parse(run.Out).Leaks().Count);
    }

    [Fact]
    public async Task DamagedRecordings_AreNeverClean_AndNeverAnInternalError()
    {
        var failures = new List<string>();
        foreach ((int i, string mutation, byte[] damaged) in DamagedRecordings(Seed).Take(Cases))
        {
            string what = $"seed {Seed:X} case {i} ({mutation})";

            (int code, CliRun run) = await FuzzCase.RunAsync(what, () => Report(damaged));

            if (!s_acceptedCodes.Contains(code))
            {
                failures.Add($"{what}: exit {code}, kept as {Keep(i, damaged)}\n{run.Error}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Found by seed 0x7EACE case 207 against a recording made during the run (before the recording
    /// was checked in), kept as Recordings/damaged-clock.nettrace: 29 random bytes over the trace
    /// header's clock fields moved the last event before the scopes' enter times, so every leak
    /// looked younger than --min-age and the report said clean.
    /// </summary>
    [Fact]
    public async Task Seed7EACE_Case207_ARecordingWithADamagedClock_IsInconclusive()
    {
        byte[] damaged = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Recordings", "damaged-clock.nettrace"));

        (int code, CliRun run) = await Report(damaged);

        Assert.True(code == (int)ReturnCode.Inconclusive, run.Out);
        Assert.Contains("clock disagrees", run.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    internal static IEnumerable<(int Case, string Mutation, byte[] Recording)> DamagedRecordings(int seed)
    {
        var mutator = new ByteMutator(seed);
        for (int i = 0; ; i++)
        {
            byte[] damaged = mutator.Mutate(s_recording, out string mutation);
            yield return (i, mutation, damaged);
        }
    }

    private async Task<(int Code, CliRun Run)> Report(byte[] recording)
    {
        string path = Path.Combine(_directory.FullName, "damaged.nettrace");
        await File.WriteAllBytesAsync(path, recording);
        return await CliRun.RunAsync("report", path, "--format", "json");
    }

    private static string Keep(int i, byte[] recording)
    {
        string kept = Path.Combine(AppContext.BaseDirectory, "fuzz-failures", $"case-{i}.nettrace");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.WriteAllBytes(kept, recording);
        return kept;
    }
}
