using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// A .NET process below check that never connects to its port (diagnostics disabled, the port
/// removed from its environment) cannot be observed: its leaks must never be silently missed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckUnobservedRuntimeTests : IDisposable
{
    private readonly CheckRunner _check = new();

    // The app is a grandchild (sh waits for it) that reads its commands from check's standard input,
    // so it lives until check has named it; it leaks, then exits before check ends.
    [Theory]
    [InlineData("DOTNET_EnableDiagnostics=0", "DOTNET_EnableDiagnostics=0")]
    [InlineData("DOTNET_DiagnosticPorts=", "without leakscope's diagnostic port")]
    public async Task GrandchildThatNeverConnects_LeakingAndEndingBeforeCheck_IsListedNotObserved_AndTheRunIsInconclusive(string environment, string why)
    {
        // The command after it keeps the shell from replacing itself with the app: the app stays a grandchild.
        string script = $"{environment} \"$0\" \"$1\"; echo \"app ended\"";
        using ChildProcess tool = _check.Start(["-o", _check.PathOf("r.json")], "sh", "-c", script, ChildProcess.DotnetHost, CheckRunner.TestApp);
        tool.WaitForLine(l => l == "ready", "the app's ready line");
        tool.Send("leak 2");
        tool.WaitForLine(l => l == "ok leak", "the app to leak");
        const string Named = "leakscope: LeakScope.TestApp (";
        await Eventually.TrueAsync(() => tool.Errors.Contains(Named, StringComparison.Ordinal), "check to name the app it cannot observe", () => tool.HasExited);
        string named = tool.Errors[(tool.Errors.IndexOf(Named, StringComparison.Ordinal) + Named.Length)..];
        Assert.StartsWith(") cannot be observed", named[named.IndexOf(')', StringComparison.Ordinal)..], StringComparison.Ordinal);
        int app = int.Parse(named[..named.IndexOf(')', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        tool.Send("exit");
        tool.WaitForLine(l => l == "app ended", "the app to end");

        Assert.True(tool.WaitForExit(ChildProcess.Patience), tool.Errors);
        Assert.True(tool.ExitCode == 2, tool.Errors);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("inconclusive", report.Str("verdict"));
        JsonElement entry = Assert.Single(report.GetProperty("processes").EnumerateArray(), p => p.Int("pid") == app);
        Assert.Equal("not-observed", entry.Str("ending"));
        Assert.Equal("LeakScope.TestApp", entry.Str("processName"));
        Assert.Contains(entry.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains(why, StringComparison.Ordinal));
        Assert.Contains("LeakScope check: 0 .NET process(es) observed, 0 using LeakScope; 1 not observed", tool.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => _check.Dispose();
}
