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

    [Fact]
    public void AFormatWithoutAFile_GoesToStandardOutput_ButOnlyOne()
    {
        Assert.Equal([new CheckOutput(CheckFormat.Json, null)], CheckCommand.PairOutputs([CheckFormat.Json], []));
        Assert.Equal(ReturnCode.UsageError, Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([CheckFormat.Json, CheckFormat.Sarif], [])).Code);
    }

    [Fact]
    public void AnUnknownExtension_NeedsAFormat()
    {
        LeakScopeException error = Assert.Throws<LeakScopeException>(() => CheckCommand.PairOutputs([], ["report.out"]));

        Assert.Equal(ReturnCode.UsageError, error.Code);
        Assert.Contains("--format", error.Message, StringComparison.Ordinal);
    }
}
