using System.Text.RegularExpressions;
using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>Durations: plain seconds as leakscope always took them, and dotnet-trace's [dd:]hh:mm:ss.</summary>
public sealed class DurationTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("0.5", 0.5)]
    [InlineData("0", 0)]
    [InlineData("5s", 5)]
    [InlineData("1 s", 1)]
    [InlineData("00:00:05", 5)]
    [InlineData("00:00:00:05", 5)]
    [InlineData("01:02:03", 3723)]
    [InlineData("1:00:00:00", 86400)]
    [InlineData("00:00:00.25", 0.25)]
    public void AcceptedForms(string text, double seconds)
    {
        Assert.True(DurationValue.TryParse(text, out TimeSpan value), text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("-00:00:01")]
    [InlineData("01:30")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e3")]
    [InlineData("31536001")]
    [InlineData("366:00:00:00")]
    [InlineData("")]
    [InlineData("s")]
    public void RejectedForms(string text) => Assert.False(DurationValue.TryParse(text, out _), text);

    [Theory]
    [InlineData("monitor", "--duration", "00:00:00:05")]
    [InlineData("monitor", "--min-age", "00:01:00")]
    [InlineData("collect", "--duration", "00:00:05")]
    [InlineData("snapshot", "--attach-timeout", "0.5")]
    public async Task EveryCommand_TakesBothForms(string command, string option, string value)
    {
        string[] output = command == "collect" ? ["-o", Path.Combine(Path.GetTempPath(), $"leakscope-{Guid.NewGuid():N}.nettrace")] : [];

        (int code, CliRun run) = await CliRun.RunAsync([command, "99999999", option, value, .. output]);

        Assert.True(code == 4, $"exit {code}: {run.Error}");
    }

    [Fact]
    public async Task BadDuration_NamesTheOptionAndTheForms()
    {
        (int code, CliRun run) = await CliRun.RunAsync("monitor", "99999999", "--refresh-interval", "0");

        Assert.Equal(3, code);
        Assert.StartsWith("leakscope: --refresh-interval takes seconds (5, 0.5) or [dd:]hh:mm:ss (00:00:05) above 0", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Help shows defaults as "1 s", never "00:00:01", and every default it shows can be typed back.</summary>
    [Theory]
    [InlineData("snapshot")]
    [InlineData("monitor")]
    [InlineData("collect")]
    [InlineData("report")]
    [InlineData("check")]
    [InlineData("demo")]
    public async Task HelpDefaults_AreSeconds_ThatTheParserAccepts(string command)
    {
        (int code, CliRun help) = await CliRun.RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.DoesNotMatch(@"\d\d:\d\d:\d\d", help.Out);
        foreach (Match match in Regex.Matches(help.Out, @"(--[a-z-]+) <duration>.*\[default: ([^\]]+)\]"))
        {
            Assert.Matches(@"^\d+(\.\d+)? s$", match.Groups[2].Value);
            Assert.True(DurationValue.TryParse(match.Groups[2].Value, out _), match.Value);
        }
    }
}
