using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Random and mutated argument vectors through the whole command line, in-process: each ends in a
/// documented exit code other than 70 (internal error), within the time limit. The vectors never
/// name a live process or a command that could start (<see cref="ArgumentVectors"/>).
/// </summary>
public sealed class CommandLineFuzzTests : IDisposable
{
    private const int Seed = 0xC11;
    private const int Cases = 400;

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("leakscope-fuzz-args-");

    [Fact]
    public async Task RandomArguments_EndInADocumentedExitCode_NeverAnInternalError()
    {
        var vectors = new ArgumentVectors(Seed, _scratch.FullName);
        for (int i = 0; i < Cases; i++)
        {
            string[] args = vectors.Next();
            string what = $"seed {Seed:X} case {i}: leakscope {string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a))}";

            (int code, CliRun run) = await FuzzCase.RunAsync(what, () => CliRun.RunAsync(args));

            Assert.True(code != (int)ReturnCode.InternalError && Enum.IsDefined((ReturnCode)code), $"{what}: exit {code}\n{run.Error}");
        }
    }

    /// <summary>
    /// Found by seed 0xC11 case 349, <c>leakscope check "" check</c>: an empty program name made
    /// Process.Start throw InvalidOperationException, reported as an internal error (exit 70).
    /// </summary>
    [Fact]
    public async Task SeedC11_Case349_AnEmptyCommandToCheck_IsABadArgument()
    {
        (int code, CliRun run) = await CliRun.RunAsync("check", string.Empty, "check");

        Assert.True(code == (int)ReturnCode.UsageError, run.Error);
        Assert.Contains("The command to run is empty.", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
