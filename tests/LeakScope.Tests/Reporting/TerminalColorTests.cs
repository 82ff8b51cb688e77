using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Tests.Reporting;

public sealed class TerminalColorTests
{
    [Theory]
    [InlineData(true, null, "xterm-256color", true)]
    [InlineData(true, "", "xterm", true)]
    [InlineData(true, "1", "xterm", false)]
    [InlineData(true, "0", "xterm", false)]
    [InlineData(true, null, "dumb", false)]
    [InlineData(false, null, "xterm", false)]
    public void Colour_OnlyOnATerminal_WithoutNoColor_AndNotDumb(bool isTerminal, string? noColor, string? term, bool wanted) =>
        Assert.Equal(wanted, TerminalColor.IsWanted(isTerminal, noColor, term));

    [Fact]
    public void Verdicts_AreColouredByMeaning_AndPlainWithoutColour()
    {
        Assert.Equal("\u001b[1;31mLEAKS\u001b[0m", TerminalColor.Verdict(Verdicts.Leaks, color: true));
        Assert.Equal("\u001b[1;32mCLEAN\u001b[0m", TerminalColor.Verdict(Verdicts.Clean, color: true));
        Assert.Equal("\u001b[1;33mINCONCLUSIVE\u001b[0m", TerminalColor.Verdict(Verdicts.Inconclusive, color: true));
        Assert.Equal("LEAKS", TerminalColor.Verdict(Verdicts.Leaks, color: false));
        Assert.Equal(string.Empty, TerminalColor.Warning(string.Empty, color: true));
    }
}
