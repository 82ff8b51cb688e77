using BenchmarkDotNet.Running;
using LeakScope.Benchmarks.Reporting;

// Peak memory is not something BenchmarkDotNet measures: 'report-peak' runs each report variant in a process of its own.
return args switch
{
    [.., "report-peak-run", var variant] => ReportPeakMemory.Run(variant),
    [.., "report-peak"] => ReportPeakMemory.Measure(),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ReportWriteBenchmarks).Assembly).Run(args);
    return 0;
}
