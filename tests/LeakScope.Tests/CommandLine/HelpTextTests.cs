using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>Choices are shown in help as they are typed: lower case.</summary>
public sealed class HelpTextTests
{
    [Theory]
    [InlineData("snapshot", "-f, --format <text|json|html>", "[default: text]")]
    [InlineData("monitor", "-f, --format <text|json|html>", "[default: text]")]
    [InlineData("report", "-f, --format <text|json|html>", "[default: text]")]
    [InlineData("demo", "-f, --format <text|json|html>", "[default: text]")]
    [InlineData("check", "-f, --format <text|json|sarif|junit|markdown|html>", "--format")]
    public async Task Formats_AreShownInLowerCase(string command, string usage, string defaultText)
    {
        (int code, CliRun help) = await CliRun.RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains(usage, help.Out, StringComparison.Ordinal);
        Assert.Contains(defaultText, help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Json", help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Text", help.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formats_AreTakenInAnyCase()
    {
        (int code, CliRun run) = await CliRun.RunAsync("snapshot", "99999999", "--format", "JSON");

        Assert.True(code == 4, run.Error);
    }
}
