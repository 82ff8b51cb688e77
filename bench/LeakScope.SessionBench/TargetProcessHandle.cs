using System.Diagnostics;
using System.Globalization;
using LeakScope.Cli.Tracing;

namespace LeakScope.SessionBench;

/// <summary>This harness started again as the measured target; killed on dispose.</summary>
internal sealed class TargetProcessHandle : IDisposable
{
    private readonly Process _process;

    private TargetProcessHandle(Process process)
    {
        _process = process;
        Expect("ready");
        Process = TargetProcess.FromPid(process.Id);
    }

    public TargetProcess Process { get; }

    /// <summary>CPU time the target's process spent during the last <see cref="Churn"/>, on all its threads.</summary>
    public double LastCpuSeconds { get; private set; }

    /// <summary>The median time per pair of the last <see cref="Churn"/>'s chunks of 1,000 pairs: a chunk preempted by another process is an outlier.</summary>
    public double LastMedianChunkNs { get; private set; }

    /// <summary>The time per pair of the last <see cref="Churn"/>'s chunk at the fastest tenth.</summary>
    public double LastTenthChunkNs { get; private set; }

    /// <summary>How to start this program again: its apphost, or the dotnet host and its assembly.</summary>
    public static string[] CommandLine() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? [Environment.ProcessPath!, typeof(TargetProcessHandle).Assembly.Location]
            : [Environment.ProcessPath!];

    public static TargetProcessHandle Start()
    {
        string[] command = CommandLine();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("target");
        return new TargetProcessHandle(System.Diagnostics.Process.Start(start)!);
    }

    public (long Pairs, double Seconds) Churn(double seconds)
    {
        _process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"churn {seconds}"));
        string[] words = Expect("pairs").Split(' ');
        LastCpuSeconds = double.Parse(words[3], CultureInfo.InvariantCulture);
        LastMedianChunkNs = double.Parse(words[4], CultureInfo.InvariantCulture);
        LastTenthChunkNs = double.Parse(words[5], CultureInfo.InvariantCulture);
        return (long.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[2], CultureInfo.InvariantCulture));
    }

    public (long Pairs, double Seconds) Pace(double pairsPerSecond, double seconds)
    {
        _process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pace {pairsPerSecond} {seconds}"));
        string[] words = Expect("pairs").Split(' ');
        return (long.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[2], CultureInfo.InvariantCulture));
    }

    public void Hold(int count)
    {
        _process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hold {count}"));
        Expect("held");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private string Expect(string prefix)
    {
        string line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The target exited.");
        return line.StartsWith(prefix, StringComparison.Ordinal) ? line : throw new InvalidOperationException("Unexpected target output: " + line);
    }
}
