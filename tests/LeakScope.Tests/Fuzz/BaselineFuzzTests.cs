using LeakScope.Cli.Check;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damaged baseline files through <see cref="Baseline.Load"/> and on into a check report in every
/// format: a baseline is loaded or refused as a bad argument (exit 3), never an internal error.
/// </summary>
public sealed class BaselineFuzzTests : IDisposable
{
    private const int Seed = 0xBA5E;
    private const int Cases = 1000;

    /// <summary>What <c>--update-baseline</c> writes for two leak sites (docs/report-format.md).</summary>
    private const string TwoSites = """
        {
          "version": 1,
          "sites": [
            { "kind": "db-connection", "file": "src/Orders/Repository.cs", "member": "HandleOrder", "line": 46, "source": "var c = Scope.Enter(\"db-connection\");", "count": 2 },
            { "kind": "file", "file": "src/Export.cs", "member": "ExportReport", "line": 63, "count": 1 }
          ]
        }
        """;

    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 8, 0, 10, TimeSpan.Zero);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-fuzz-baseline-");

    [Fact]
    public void TheBaseline_AcceptsItsSite()
    {
        string path = Write(System.Text.Encoding.UTF8.GetBytes(TwoSites));

        LeakReport report = Check(Baseline.Load(path));

        Assert.Equal(Verdicts.Clean, report.Verdict);
        Assert.Single(report.StaleBaseline!);
    }

    [Fact]
    public void DamagedBaselines_AreUsedOrRefusedAsBadArguments()
    {
        var mutator = new JsonMutator(Seed);
        string path = Path.Combine(_directory.FullName, "baseline.json");
        for (int i = 0; i < Cases; i++)
        {
            byte[] damaged = mutator.Mutate(TwoSites, out string mutation);
            File.WriteAllBytes(path, damaged);
            string what = $"seed {Seed:X} case {i} ({mutation})";

            FuzzCase.Run(what, () => LoadAndReport(path));
        }
    }

    /// <summary>
    /// Found by seed 0xBA5E case 14 (while the JSON mutator still replaced whole objects): an entry
    /// that was <c>{}</c> loaded with a null kind and file, and the markdown report then threw
    /// NullReferenceException, an internal error.
    /// </summary>
    [Theory]
    [InlineData("""{"version":1,"sites":[{}]}""")]
    [InlineData("""{"version":1,"sites":[null]}""")]
    [InlineData("""{"version":1,"sites":[{"kind":"lock","file":"src/A.cs","line":3}]}""")]
    public void SeedBA5E_Case14_AnEntryWithoutItsSite_IsRefusedAsABadArgument(string baseline)
    {
        string path = Write(System.Text.Encoding.UTF8.GetBytes(baseline));

        LeakScopeException refused = Assert.Throws<LeakScopeException>(() => Baseline.Load(path));

        Assert.Equal(ReturnCode.UsageError, refused.Code);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Loads the baseline and renders a check against it in every format; the exit code the CLI would give a refusal.</summary>
    private static int LoadAndReport(string path)
    {
        Baseline baseline;
        try
        {
            baseline = Baseline.Load(path);
        }
        catch (LeakScopeException ex) when (ex.Code == ReturnCode.UsageError)
        {
            return (int)ex.Code;
        }

        LeakReport report = Check(baseline);
        foreach (CheckFormat format in Enum.GetValues<CheckFormat>())
        {
            CheckReportOutput.Write(report, new CheckOutput(format, Path: null), new SourceTree("/src"), TextWriter.Null, TextWriter.Null);
        }

        return 0;
    }

    /// <summary>One process leaked at the baseline's first site only.</summary>
    private static LeakReport Check(Baseline baseline)
    {
        ReportedLeak leak = new(1, "db-connection", "orders", "/src/src/Orders/Repository.cs", 46, "HandleOrder", 1, s_now.AddSeconds(-2), 2, 0, "open", null);
        var report = new LeakReport(1, "check", new ReportTarget(7, "app", s_now), Verdicts.Leaks, Endings.OpenAtExit, 0, false, 1, s_now, 3, 0, [], [leak], []);
        var outcome = new ProcessOutcome(new TargetProcess(7, "app", s_now), "dotnet app.dll", Instrumented: true, Complete: true, report);
        return CheckReportBuilder.Build(
            [outcome],
            new CheckedCommand(["dotnet", "app.dll"], 0, Interrupted: false, "/src"),
            7,
            new SourceTree("/src"),
            new LeakFilter([], []),
            baseline,
            new ReportOptions(TimeSpan.FromSeconds(1), Endings.OpenAtExit, 0, false, s_now, TimeSpan.FromSeconds(3), false, [])).Report;
    }

    private string Write(byte[] file)
    {
        string path = Path.Combine(_directory.FullName, "baseline.json");
        File.WriteAllBytes(path, file);
        return path;
    }
}
