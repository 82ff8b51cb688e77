using LeakScope.Cli.Alerts;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>monitor's alert and trigger options: a bad value or combination is one line and exit 3, before any target is looked for.</summary>
public sealed class AlertOptionTests
{
    [Theory]
    [InlineData("--fail-on", "shrinking")]
    [InlineData("--max-open", "db-connection")]
    [InlineData("--max-open", "db-connection=-1")]
    [InlineData("--max-open", "=4")]
    [InlineData("--max-open", "src/Orders.cs:0=4")]
    [InlineData("--max-open", "db-connection=many")]
    [InlineData("--max-age", "0")]
    [InlineData("--max-age", "0.5", "--min-age", "1")]
    [InlineData("--growth-window", "5")]
    [InlineData("--growth-window", "3", "--refresh-interval", "1")]
    [InlineData("--growth-min-rise", "0")]
    [InlineData("--on-leak", "collect", "--trigger-output", ".")]
    [InlineData("--on-leak", "collect", "--max-age", "5")]
    [InlineData("--on-leak", "dump", "--max-age", "5", "--trigger-output", ".")]
    [InlineData("--trigger-output", ".", "--max-age", "5")]
    [InlineData("--trigger-cooldown", "10", "--max-age", "5")]
    [InlineData("--on-leak", "collect", "--max-age", "5", "--trigger-output", ".", "--trigger-max-files", "0")]
    [InlineData("--on-leak", "collect", "--max-age", "5", "--trigger-output", ".", "--trigger-max-bytes", "1K")]
    [InlineData("--on-leak", "collect", "--max-age", "5", "--trigger-output", ".", "--trigger-max-bytes", "10 MB")]
    [InlineData("--on-leak", "collect", "--max-age", "5", "--trigger-output", ".", "--trigger-max-bytes", "99999999999G")]
    [InlineData("--trigger-max-bytes", "10M", "--max-age", "5")]
    public async Task BadAlertOptions_ExitWith3_InOneLine(params string[] options)
    {
        (int code, CliRun run) = await CliRun.RunAsync(["monitor", "99999999", .. options]);

        Assert.True(code == 3, run.Error);
        Assert.StartsWith("leakscope: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task MissingTriggerDirectory_ExitsWith3_BeforeLookingForTheTarget()
    {
        string missing = Path.Combine(Path.GetTempPath(), "leakscope-no-such-" + Guid.NewGuid().ToString("N"));

        (int code, CliRun run) = await CliRun.RunAsync("monitor", "99999999", "--max-age", "5", "--on-leak", "collect", "--trigger-output", missing);

        Assert.True(code == 3, run.Error);
        Assert.Contains("no such directory", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fail-on", "growing")]
    [InlineData("--max-open", "db-connection=10", "--max-open", "src/Orders/Repository.cs:46=3")]
    [InlineData("--max-age", "00:05:00", "--growth-window", "120", "--growth-min-rise", "20")]
    [InlineData("--max-age", "5", "--on-leak", "collect", "--trigger-output", ".", "--trigger-max-bytes", "64MiB")]
    [InlineData("--max-age", "5", "--on-leak", "collect", "--trigger-output", ".", "--trigger-max-bytes", "1g")]
    [InlineData("--max-age", "5", "--on-leak", "collect", "--trigger-output", ".", "--trigger-max-bytes", "20000")]
    public async Task GoodAlertOptions_ReachTheTarget(params string[] options)
    {
        (int code, CliRun run) = await CliRun.RunAsync(["monitor", "99999999", .. options]);

        // No such process: the options themselves were taken.
        Assert.True(code == 4, run.Error);
    }

    [Theory]
    [InlineData("db-connection=10", "db-connection", null, 0, 10)]
    [InlineData("src/Orders.cs:46=0", null, "src/Orders.cs", 46, 0)]
    [InlineData("./src/Orders.cs:46=3", null, "src/Orders.cs", 46, 3)]
    [InlineData("kind:with:colons=2", "kind:with:colons", null, 0, 2)]
    public void OpenLimit_TellsSitesFromKinds(string text, string? kind, string? file, int line, long max)
    {
        Assert.True(OpenLimit.TryParse(text, out OpenLimit? limit));
        Assert.Equal(new OpenLimit(text, kind, file, line, max), limit);
    }
}
