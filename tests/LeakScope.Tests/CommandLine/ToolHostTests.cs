using LeakScope.Cli.CommandLine;

namespace LeakScope.Cli.Tests.CommandLine;

/// <summary>
/// Which executable check's port keeper and demo's target are started with: the tool's own
/// apphost, or the dotnet host and the tool's assembly. Taking an app that embeds the tool (the
/// session benchmark, <c>LeakScope.SessionBench</c>) for the tool made it start itself with
/// <c>__keep-port</c>, run the whole benchmark again, and so on without end.
/// </summary>
public sealed class ToolHostTests
{
    [Theory]
    [InlineData("/usr/local/bin/leakscope", true)]
    [InlineData("/home/u/.dotnet/tools/leakscope", true)]
    [InlineData("/opt/tools/leakscope.exe", true)]
    [InlineData("/repo/bench/LeakScope.SessionBench/bin/Release/net10.0/LeakScope.SessionBench", false)]
    [InlineData("/repo/tests/bin/LeakScope.Tests", false)]
    [InlineData("/usr/share/dotnet/dotnet", false)]
    [InlineData(null, false)]
    public void OnlyTheToolsOwnExecutable_IsTakenForTheTool(string? host, bool expected)
    {
        Assert.Equal(expected, ToolHost.IsTheTool(host, "leakscope"));
    }
}
