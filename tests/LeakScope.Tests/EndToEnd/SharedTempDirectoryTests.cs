using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Attaching by pid across a shared temp directory, as a sidecar with an emptyDir on /tmp and no
/// shared process namespace does: the app runs in a pid namespace of its own (it is pid 1 there),
/// and its socket <c>dotnet-diagnostic-1-*-socket</c> is in the tool's temp directory, where pid 1
/// is another process: the system's init seen from the host, the tool itself in a sidecar.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SharedTempDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _shared = Directory.CreateTempSubdirectory("leakscope-shared-tmp-");

    [Fact]
    public void ByPid_TheAppOfAnotherPidNamespace_IsReached_NeverTheLocalProcessOfThatPid()
    {
        // Creating pid namespaces takes root (CAP_SYS_ADMIN); .ci/run runs as root, so there this test always runs.
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        using TargetApp app = TargetApp.From(Start("unshare", "-p", "-f", "--mount-proc", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll")));
        var sites = app.Run("leak 2");
        Assert.Single(Directory.GetFiles(_shared.FullName, "dotnet-diagnostic-1-*-socket"));

        // From the host, which sees the app under another pid: it is named and checked by that pid, not as this system's pid 1.
        JsonElement fromHost = JsonReport.Parse(Tool("snapshot", "1", "--min-age", "0", "--format", "json"));
        int pidHere = fromHost.GetProperty("target").Int("pid");
        Assert.NotEqual(1, pidHere);
        Assert.EndsWith("\t1", File.ReadLines($"/proc/{pidHere}/status").Single(l => l.StartsWith("NSpid:", StringComparison.Ordinal)), StringComparison.Ordinal);
        AssertTheAppsLeaks(fromHost, sites[0].Line);

        // From a sidecar, which cannot see it: there the tool itself is pid 1, and has a socket named for pid 1 too.
        JsonElement fromSidecar = JsonReport.Parse(Tool("unshare", "-p", "-f", "--mount-proc", "snapshot", "1", "--min-age", "0", "--format", "json"));
        Assert.Equal(1, fromSidecar.GetProperty("target").Int("pid"));
        AssertTheAppsLeaks(fromSidecar, sites[0].Line);

        JsonElement listed = JsonDocument.Parse(Tool("unshare", "-p", "-f", "--mount-proc", "ps", "--format", "json")).RootElement;
        JsonElement process = Assert.Single(listed.GetProperty("processes").EnumerateArray());
        Assert.Equal(1, process.Int("pid"));
        Assert.Equal("LeakScope.TestApp", process.Str("name"));
        Assert.True(process.GetProperty("otherPidNamespace").GetBoolean());
    }

    public void Dispose() => _shared.Delete(recursive: true);

    private static void AssertTheAppsLeaks(JsonElement report, int line)
    {
        Assert.Equal("LeakScope.TestApp", report.GetProperty("target").Str("processName"));
        Assert.Equal(["orders-0", "orders-1"], report.Leaks().Select(l => l.Str("name")).Order());
        Assert.All(report.Leaks(), l => Assert.Equal(line, l.Int("line")));
    }

    /// <summary>The real tool with the shared temp directory, in a pid namespace of its own when the command starts with unshare; its output.</summary>
    private string Tool(params string[] command)
    {
        int tool = Array.IndexOf(command, "--mount-proc") + 1;
        string[] arguments = [.. command[..tool], ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "leakscope.dll"), .. command[tool..]];
        using ChildProcess run = Start(arguments[0], arguments[1..]);
        Assert.True(run.WaitForExit(ChildProcess.Patience), run.Errors);
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Errors}");
        return run.Output;
    }

    private ChildProcess Start(string fileName, params string[] arguments) =>
        ChildProcess.Start(fileName, new Dictionary<string, string> { ["TMPDIR"] = _shared.FullName }, arguments);
}
