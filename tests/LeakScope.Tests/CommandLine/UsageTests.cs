using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>Bad input never reaches a target: one line on stderr and exit code 3.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("monitor")]
    [InlineData("snapshot", "not-a-pid")]
    [InlineData("monitor", "1", "--min-age", "-1")]
    [InlineData("monitor", "1", "--refresh-interval", "0")]
    [InlineData("monitor", "1", "--duration", "soon")]
    [InlineData("snapshot", "1", "--format", "xml")]
    [InlineData("ps", "--format", "html")]
    [InlineData("snapshot", "1", "--name", "x")]
    [InlineData("snapshot", "0")]
    [InlineData("no-such-command")]
    public async Task BadArguments_ExitWith3_AndSayWhy(params string[] args)
    {
        (int code, CliRun run) = await CliRun.RunAsync(args);

        Assert.Equal(3, code);
        Assert.StartsWith("leakscope: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndExitCodes()
    {
        (int code, CliRun run) = await CliRun.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (string text in new[] { "ps", "snapshot", "monitor", "demo", "Exit codes:", "130" })
        {
            Assert.Contains(text, run.Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("demo-target", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitCodeTable_MatchesTheReturnCodes()
    {
        foreach (ReturnCode code in Enum.GetValues<ReturnCode>())
        {
            Assert.Matches($@"(?m)^\s+{(int)code}\s+\S", LeakScope.Cli.CommandLine.LeakScopeCommandLine.ExitCodes);
        }

        (int help, _) = await CliRun.RunAsync("monitor", "--help");
        Assert.Equal(0, help);
    }
}
