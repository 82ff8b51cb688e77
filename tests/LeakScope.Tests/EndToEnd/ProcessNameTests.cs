using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// -n NAME finds a process by the name 'leakscope ps' shows: the app for 'dotnet app.dll' (which
/// the kernel names 'dotnet'), the whole name of an executable longer than the kernel's 15
/// characters; and when several match, the error names them.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProcessNameTests : IDisposable
{
    private readonly RenamedTestApp _renamed = new();

    [Fact]
    public async Task AppRunByTheDotnetHost_IsShownAndFoundByItsAssemblyName()
    {
        using TargetApp app = _renamed.StartWithDotnet();
        var sites = app.Run("leak 1");

        Assert.Equal(_renamed.AssemblyName, await NameInPsAsync(app.Pid));
        (int code, CliRun run) = await CliRun.RunAsync("snapshot", "-n", _renamed.AssemblyName, "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        JsonElement report = JsonReport.Parse(run.Out);
        Assert.Equal(app.Pid, report.GetProperty("target").Int("pid"));
        Assert.Equal(_renamed.AssemblyName, report.GetProperty("target").Str("processName"));
        Assert.Equal(sites[0].Line, Assert.Single(report.Leaks()).Int("line"));
    }

    [Fact]
    public async Task ExecutableNamedLongerThan15Characters_IsShownAndFoundByItsWholeName()
    {
        using TargetApp app = _renamed.StartApphost();
        app.Run("leak 1");

        Assert.Equal(_renamed.HostName, await NameInPsAsync(app.Pid));
        (int code, CliRun run) = await CliRun.RunAsync("snapshot", "--name", _renamed.HostName, "--min-age", "0", "--format", "json");

        Assert.True(code == 1, run.Error);
        Assert.Equal(app.Pid, JsonReport.Parse(run.Out).GetProperty("target").Int("pid"));
    }

    [Fact]
    public async Task SeveralProcessesWithTheName_AreNamedInTheError()
    {
        using TargetApp first = _renamed.StartWithDotnet();
        using TargetApp second = _renamed.StartWithDotnet();

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", "-n", _renamed.AssemblyName);

        Assert.Equal(3, code);
        string error = Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"leakscope: 2 .NET processes are named '{_renamed.AssemblyName}': ", error, StringComparison.Ordinal);
        Assert.Contains($"{first.Pid} (", error, StringComparison.Ordinal);
        Assert.Contains($"{second.Pid} (", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    public void Dispose() => _renamed.Dispose();

    private static async Task<string> NameInPsAsync(int pid)
    {
        (int code, CliRun ps) = await CliRun.RunAsync("ps");
        Assert.True(code == 0, ps.Error);
        string? line = ps.Out.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"pid {pid} is not in ps:\n{ps.Out}");
        return line.TrimStart().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries)[1];
    }
}
