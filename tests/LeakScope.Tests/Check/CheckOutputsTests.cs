using LeakScope.Cli.Check;
using LeakScope.Cli.CommandLine;

namespace LeakScope.Cli.Tests.Check;

public sealed class CheckOutputsTests
{
    [Fact]
    public void FormatsPairWithOutputsInOrder_AndExtensionsNameTheRest()
    {
        List<CheckOutput> outputs = CheckCommand.PairOutputs([CheckFormat.Sarif, CheckFormat.Json], ["leaks.txt", "r.json", "junit.xml", "summary.md"]);

        Assert.Equal(
            [new(CheckFormat.Sarif, "leaks.txt"), new(CheckFormat.Json, "r.json"), new(CheckFormat.Junit, "junit.xml"), new CheckOutput(CheckFormat.Markdown, "summary.md")],
            outputs);
    }

    // check's standard output is the command's own: a report goes there only when asked for by name.
    [Fact]
    public void StandardOutput_IsOnlyForAnOutputNamedDash_WithAFormat_AndOnlyOne()
    {
        Assert.Equal([new CheckOutput(CheckFormat.Junit, null)], CheckCommand.PairOutputs([CheckFormat.Junit], ["-"]));
        Assert.Equal(ReturnCode.UsageError, Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([CheckFormat.Json, CheckFormat.Sarif], ["-", "-"])).Code);
        Assert.Equal(ReturnCode.UsageError, Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([], ["-"])).Code);
    }

    [Fact]
    public void AFormatWithoutAnOutput_IsAUsageError_NamingTheWayToStandardOutput()
    {
        LeakScopeException error = Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([CheckFormat.Junit], []));

        Assert.Equal(ReturnCode.UsageError, error.Code);
        Assert.Contains("--format junit", error.Message, StringComparison.Ordinal);
        Assert.Contains("--output -", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownExtension_NeedsAFormat()
    {
        LeakScopeException error = Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([], ["report.out"]));

        Assert.Equal(ReturnCode.UsageError, error.Code);
        Assert.Contains("--format", error.Message, StringComparison.Ordinal);
    }
}
