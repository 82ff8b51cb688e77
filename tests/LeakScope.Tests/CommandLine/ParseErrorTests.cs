using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>
/// A parse error is exactly one line on stderr saying what is wrong, then the usage hint for the
/// command typed, and exit code 3 (README: "Errors are one line on stderr").
/// </summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData("snapshot|1|--bogus", "snapshot", "Unknown option '--bogus'")]
    [InlineData("snapshot|--bogus|1", "snapshot", "Unknown option '--bogus'")]
    [InlineData("monitor|1|--format|xml", "monitor", "--format takes text, json or html, not 'xml'")]
    [InlineData("ps|--format|xml", "ps", "--format takes text or json, not 'xml'")]
    [InlineData("monitor|1|--min-age|soon", "monitor", "--min-age takes")]
    [InlineData("snapshot|not-a-pid", "snapshot", "'not-a-pid' is not a process id")]
    [InlineData("snapshot|1|2", "snapshot", "Unexpected argument '2'")]
    [InlineData("snapshot|1|--min-age", "snapshot", "--min-age")]
    [InlineData("report", "report", "report")]
    [InlineData("collect|1", "collect", "--output")]
    [InlineData("no-such-command", null, "Unknown command 'no-such-command'")]
    [InlineData("--bogus", null, "Unknown option '--bogus'")]
    [InlineData("check|--format|xml|--|true", "check", "--format takes")]
    public async Task ParseErrors_AreOneLine_ThenTheUsageHint(string commandLine, string? command, string says)
    {
        (int code, CliRun run) = await CliRun.RunAsync(commandLine.Split('|'));

        Assert.Equal(3, code);
        string[] lines = run.Error.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 2, run.Error);
        Assert.StartsWith("leakscope: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(says, lines[0], StringComparison.Ordinal);
        Assert.Equal(command is null ? "Run 'leakscope --help' for usage." : $"Run 'leakscope {command} --help' for usage.", lines[1]);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task NoCommand_PrintsTheHelp()
    {
        (int code, CliRun run) = await CliRun.RunAsync();

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        foreach (string text in new[] { "ps", "snapshot", "monitor", "collect", "report", "check", "Exit codes:" })
        {
            Assert.Contains(text, run.Out, StringComparison.Ordinal);
        }
    }
}
