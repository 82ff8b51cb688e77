using System.Globalization;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>
/// The [suggest] directive dotnet-suggest calls for shell completion (README "Shell completion"):
/// given the line typed without the tool's name, as dotnet-suggest sends it, and the cursor
/// position in it, one suggestion a line.
/// </summary>
public sealed class CompletionTests
{
    [Theory]
    [InlineData("mon", "monitor")]
    [InlineData("snapshot --format ", "html|json|text")]
    [InlineData("check --format ", "html|json|junit|markdown|sarif|text")]
    [InlineData("ps --format ", "json|text")]
    [InlineData("ps -f j", "json")]
    public async Task Suggest_CompletesCommandsAndValues_AsTyped(string line, string expected)
    {
        (int code, CliRun run) = await CliRun.RunAsync(Suggest(line), line);

        Assert.True(code == 0, run.Error);
        Assert.Equal(expected.Split('|'), Suggestions(run).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Suggest_OffersTheProcessIdOption()
    {
        const string Line = "monitor -";

        (int code, CliRun run) = await CliRun.RunAsync(Suggest(Line), Line);

        Assert.Equal(0, code);
        Assert.Contains("-p", Suggestions(run));
        Assert.Contains("--process-id", Suggestions(run));
        Assert.Contains("--duration", Suggestions(run));
    }

    private static string Suggest(string line) => string.Create(CultureInfo.InvariantCulture, $"[suggest:{line.Length}]");

    private static string[] Suggestions(CliRun run) => run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
