using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace LeakScope.Adapters.Tests.Support;

/// <summary>Runs the dotnet CLI as a real process, killed if it outlives its time.</summary>
internal static class Dotnet
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    public static string Host =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Configuration => Metadata("Configuration");

    /// <summary>The <c>leakscope</c> CLI as built with these tests (run with <c>dotnet</c>).</summary>
    public static string LeakScopeTool => Metadata("LeakScopeTool");

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Assert.True(process.WaitForExit(Patience), $"dotnet {string.Join(' ', arguments)} did not finish in {Patience}:\n{output}");
            process.WaitForExit();
            return (process.ExitCode, Read(output));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Runs <c>dotnet</c> and fails the test unless it exits 0.</summary>
    public static string RunOrFail(string directory, params string[] arguments)
    {
        (int exitCode, string output) = Run(directory, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        return output;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Metadata(string key) =>
        typeof(Dotnet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
