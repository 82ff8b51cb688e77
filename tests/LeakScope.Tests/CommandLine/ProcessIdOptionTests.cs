using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>-p/--process-id as dotnet-trace and dotnet-counters take it, beside the positional pid.</summary>
public sealed class ProcessIdOptionTests
{
    /// <summary>Above pid_max on Linux (at most 2^22): parsed, then looked up and not found (exit 4).</summary>
    private const string MissingPid = "99999999";

    [Theory]
    [InlineData("snapshot")]
    [InlineData("monitor")]
    [InlineData("collect")]
    public async Task ProcessIdOption_NamesTheTarget_LikeThePositionalPid(string command)
    {
        string[] output = command == "collect" ? ["-o", Path.Combine(Path.GetTempPath(), $"leakscope-{Guid.NewGuid():N}.nettrace")] : [];
        foreach (string[] target in new[] { new[] { "-p", MissingPid }, ["--process-id", MissingPid], [MissingPid, "-p", MissingPid] })
        {
            (int code, CliRun run) = await CliRun.RunAsync([command, .. target, .. output]);

            Assert.True(code == 4, $"{string.Join(' ', target)}: exit {code}, {run.Error}");
            Assert.Equal($"leakscope: No process with id {MissingPid} is running.", run.Error.TrimEnd('\n'));
        }
    }

    [Theory]
    [InlineData("snapshot|99999998|-p|99999999", "Two different processes: pid 99999998 and --process-id 99999999. Give one.")]
    [InlineData("monitor|--process-id|99999999|-n|app", "Give a pid or --name, not both.")]
    [InlineData("collect|-o|x.nettrace", "Which process? Give its pid, -p PID, -n NAME (see 'leakscope ps'), or --diagnostic-port PATH to wait for one.")]
    [InlineData("snapshot|-p|0", "'0' is not a process id (a number above 0, see 'leakscope ps').")]
    public async Task ConflictingOrMissingTargets_AreUsageErrors(string commandLine, string says)
    {
        string[] args = commandLine.Split('|');

        (int code, CliRun run) = await CliRun.RunAsync(args);

        Assert.Equal(3, code);
        Assert.Equal($"leakscope: {says}\nRun 'leakscope {args[0]} --help' for usage.\n", run.Error);
    }
}
