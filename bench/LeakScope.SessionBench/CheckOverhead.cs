using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeakScope.Cli.Check;
using LeakScope.Cli.CommandLine;

namespace LeakScope.SessionBench;

/// <summary>
/// What <c>leakscope check</c> costs a process doing short scopes flat out on every core, and
/// whether it still finds exactly the scopes left open at exit: the same app run alone, then under check.
/// </summary>
internal static class CheckOverhead
{
    public const int Leaked = 3;

    /// <summary>The checked app: churns on every core, leaves <see cref="Leaked"/> scopes open, writes "pairs seconds" to a file.</summary>
    public static int RunTarget(double seconds, string resultFile)
    {
        var clock = Stopwatch.StartNew();
        long[] pairs = new long[Environment.ProcessorCount];
        Parallel.For(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = pairs.Length }, thread => pairs[thread] = Target.Churn(seconds).Pairs);
        for (int i = 0; i < Leaked; i++)
        {
            _ = Scope.Enter("leaked-at-exit");
        }

        File.WriteAllText(resultFile, string.Create(CultureInfo.InvariantCulture, $"{pairs.Sum()} {clock.Elapsed.TotalSeconds}"));
        return 0;
    }

    public static async Task MeasureAsync(double seconds, CultureInfo c)
    {
        using var scratch = new TemporaryDirectory();
        string[] command = [.. TargetProcessHandle.CommandLine(), "check-target", seconds.ToString(c), Path.Combine(scratch.Path, "alone.txt")];
        using (Process alone = Process.Start(new ProcessStartInfo(command[0], command[1..]) { UseShellExecute = false })!)
        {
            await alone.WaitForExitAsync();
        }

        double aloneRate = Rate(Path.Combine(scratch.Path, "alone.txt"));
        string report = Path.Combine(scratch.Path, "report.json");
        command[^1] = Path.Combine(scratch.Path, "checked.txt");
        var settings = new CheckSettings(command, [new CheckOutput(CheckFormat.Json, report)], scratch.Path, null, false, [], [], null, false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        using TerminationSignal signal = TerminationSignal.Manual();
        int code = await CheckRun.RunAsync(settings, new ToolConsole(TextWriter.Null, TextWriter.Null, false), signal);
        double checkedRate = Rate(command[^1]);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        int found = json.RootElement.GetProperty("leaks").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "leaked-at-exit");
        Console.WriteLine(string.Create(c, $"| check: pairs/s on {Environment.ProcessorCount} threads alone, under check | {aloneRate:N0}, {checkedRate:N0} |"));
        Console.WriteLine(string.Create(c, $"| check: slowdown | {aloneRate / checkedRate:0.00}x |"));
        Console.WriteLine(string.Create(c, $"| check: exit code, leaks found (expected {Leaked}), events lost | {code}, {found}, {json.RootElement.GetProperty("eventsLost").GetInt64()} |"));
    }

    private static double Rate(string resultFile)
    {
        string[] words = File.ReadAllText(resultFile).Split(' ');
        return long.Parse(words[0], CultureInfo.InvariantCulture) / double.Parse(words[1], CultureInfo.InvariantCulture);
    }

    private sealed class TemporaryDirectory : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-bench-");

        public string Path => _directory.FullName;

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
