using BenchmarkDotNet.Attributes;
using LeakScope.Registry;

namespace LeakScope.Benchmarks.CallSites;

/// <summary>
/// An enter+exit pair while many call sites are in use, against the pair at one site. Every
/// invocation enters and exits each site once, in an order shuffled once (not the order the sites
/// were first seen in), so the working set is all of them. Sites are laid out alike in every file
/// (20 sites per file at lines 14, 23, 32, ...), with the file paths as literals
/// (<see cref="SourceFileLiterals"/>), as the compiler passes caller info. The last benchmark
/// measures what making a site costs: time and bytes allocated per site new to a registry.
/// </summary>
[MemoryDiagnoser]
public class CallSiteBenchmarks
{
    private const int SitesPerFile = 20;

    private static readonly string[] Kinds = ["db-connection", "file", "lock", "http-request"];
    private static readonly string[] Members = ["Handle", "Load", "Save", "Export", "Refresh", "Retry", "Flush", "Open"];

    private SiteArguments[] _sites = [];
    private ScopeRegistry? _freshRegistry;

    [GlobalSetup(Target = nameof(OneSiteInTheLoop))]
    public void OneSite() => _sites = Enumerable.Repeat(Layout(files: 1, sitesPerFile: 1)[0], 1000).ToArray();

    [GlobalSetup(Target = nameof(ThousandSitesInOneFile))]
    public void ThousandInOneFile() => _sites = Layout(files: 1, sitesPerFile: 1000);

    [GlobalSetup(Target = nameof(ThousandSitesInFiftyFiles))]
    public void ThousandInFiftyFiles() => _sites = Layout(files: 50, sitesPerFile: SitesPerFile);

    [GlobalSetup(Target = nameof(TenThousandSitesInFiveHundredFiles))]
    public void TenThousandInFiveHundredFiles() => _sites = Layout(files: 500, sitesPerFile: SitesPerFile);

    [GlobalSetup(Target = nameof(TenThousandNewSites))]
    public void TenThousandNew() => _sites = Layout(files: 500, sitesPerFile: SitesPerFile);

    [IterationSetup(Target = nameof(TenThousandNewSites))]
    public void NewRegistry() => _freshRegistry = new ScopeRegistry();

    [Benchmark(Baseline = true, Description = "1 site: Scope.Enter+Dispose")]
    public void OneSiteScope()
    {
        using ScopeHandle scope = Scope.Enter("db-connection", "orders");
    }

    [Benchmark(OperationsPerInvoke = 1000, Description = "1 site, 1,000 pairs through the sites loop")]
    public void OneSiteInTheLoop() => EnterAll();

    [Benchmark(OperationsPerInvoke = 1000, Description = "1,000 sites in 1 file")]
    public void ThousandSitesInOneFile() => EnterAll();

    [Benchmark(OperationsPerInvoke = 1000, Description = "1,000 sites in 50 files")]
    public void ThousandSitesInFiftyFiles() => EnterAll();

    [Benchmark(OperationsPerInvoke = 10_000, Description = "10,000 sites in 500 files")]
    public void TenThousandSitesInFiveHundredFiles() => EnterAll();

    /// <summary>Runs on a new thread, whose per-thread slot cache and counters then belong to the fresh registry.</summary>
    [Benchmark(OperationsPerInvoke = 10_000, Description = "first use of each of 10,000 sites (per site)")]
    public void TenThousandNewSites()
    {
        ScopeRegistry registry = _freshRegistry!;
        SiteArguments[] sites = _sites;
        var firstUses = new Thread(() =>
        {
            foreach (SiteArguments site in sites)
            {
                using ScopeHandle scope = registry.Enter(site.Kind, "orders", site.File, site.Line, site.Member);
            }
        });
        firstUses.Start();
        firstUses.Join();
    }

    private void EnterAll()
    {
        foreach (ref readonly SiteArguments site in _sites.AsSpan())
        {
            using ScopeHandle scope = Scope.Enter(site.Kind, "orders", site.File, site.Line, site.Member);
        }
    }

    /// <summary>The sites, each entered once in file order (as they become known), then shuffled.</summary>
    private static SiteArguments[] Layout(int files, int sitesPerFile)
    {
        var sites = new SiteArguments[files * sitesPerFile];
        for (int file = 0; file < files; file++)
        {
            for (int site = 0; site < sitesPerFile; site++)
            {
                sites[(file * sitesPerFile) + site] = new SiteArguments(
                    Kinds[site % Kinds.Length],
                    SourceFileLiterals.Paths[file],
                    14 + (9 * site),
                    Members[site / 4 % Members.Length]);
            }
        }

        foreach (SiteArguments site in sites)
        {
            using ScopeHandle scope = Scope.Enter(site.Kind, "orders", site.File, site.Line, site.Member);
        }

        new Random(13).Shuffle(sites);
        return sites;
    }

    private readonly record struct SiteArguments(string Kind, string File, int Line, string Member);
}
