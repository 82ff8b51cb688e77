using System.Diagnostics;
using System.Globalization;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>
/// Peak memory of writing the report of 1,000,000 open scopes, which BenchmarkDotNet does not
/// measure: each variant runs once in a fresh process of its own, which tracks the scopes, resets
/// its peak resident set (Linux <c>/proc/self/clear_refs</c>), writes the report and reads the peak.
/// Run: <c>dotnet run -c Release --project bench/LeakScope.Benchmarks -- report-peak</c>.
/// </summary>
internal static class ReportPeakMemory
{
    private const double MiB = 1024 * 1024;

    public static int Measure()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine("| variant | tracker (managed) | resident before the report | peak while writing | peak growth / tracker | wall time | file |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (string variant in ReportVariant.Names)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            foreach (string argument in Environment.GetCommandLineArgs().Skip(1).TakeWhile(a => a != "report-peak"))
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("report-peak-run");
            start.ArgumentList.Add(variant);
            using Process child = Process.Start(start)!;
            string[] figures = child.StandardOutput.ReadToEnd().Trim().Split(' ');
            child.WaitForExit();
            if (child.ExitCode != 0 || figures.Length != 5)
            {
                Console.Error.WriteLine($"{variant}: exit {child.ExitCode}: {string.Join(' ', figures)}");
                return 1;
            }

            double[] v = [.. figures.Select(f => double.Parse(f, c))];
            Console.WriteLine(string.Create(c, $"| {variant} | {v[0] / MiB:0.0} MiB | {v[1] / MiB:0.0} MiB | {v[2] / MiB:0.0} MiB | {(v[2] - v[1]) / v[0]:0.00}x | {v[3]:0.00} s | {v[4] / MiB:0.0} MiB |"));
        }

        return 0;
    }

    /// <summary>In the child: prints managed tracker bytes, resident bytes before, peak resident bytes, seconds, file bytes.</summary>
    public static int Run(string variant)
    {
        var tracker = TrackedScopes.Track(TrackedScopes.OneMillion);
        long trackerBytes = GC.GetTotalMemory(forceFullCollection: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
        long before = StatusBytes("VmRSS:");
        string path = Path.Combine(Path.GetTempPath(), $"leakscope-peak-{Environment.ProcessId}.{variant}");
        var clock = Stopwatch.StartNew();
        ReportVariant.Write(variant, tracker, path);
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = StatusBytes("VmHWM:");
        long size = new FileInfo(path).Length;
        File.Delete(path);
        GC.KeepAlive(tracker);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{trackerBytes} {before} {peak} {seconds} {size}"));
        return 0;
    }

    private static long StatusBytes(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
