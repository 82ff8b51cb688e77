using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Every .NET process under <c>check</c> starts paused until it is resumed on check's private
/// diagnostic port: none may stay paused, whether check dies or the process cannot reach the port.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckPausedProcessTests(ReadableToolCopy copy) : IClassFixture<ReadableToolCopy>, IDisposable
{
    private const string PortsVariable = "DOTNET_DiagnosticPorts=";

    private readonly CheckRunner _check = new();

    [Fact]
    public async Task CheckKilled_ADotnetProcessTheCommandStartsLater_StillRuns_AndThePrivateDirectoryIsRemoved()
    {
        string finished = _check.PathOf("finished");
        string script = $"sleep 3; '{ChildProcess.DotnetHost}' '{CheckRunner.TestApp}' --script 'leak 1;exit' && touch '{finished}'";
        using ChildProcess tool = _check.Start([], "sh", "-c", script);
        int shell = 0;
        string? directory = null;
        var keepers = new List<int>();
        try
        {
            await Eventually.TrueAsync(() => (shell = CheckRunner.CommandPids(tool.Pid).FirstOrDefault(p => PortOf(p) is not null)) != 0, "check to start the command", () => tool.HasExited);
            directory = Path.GetDirectoryName(PortOf(shell)!)!;
            keepers.AddRange(CheckRunner.ChildPids(tool.Pid).Where(CheckRunner.IsPortKeeper));

            // The command is still in its sleep: the .NET process starts after check is gone.
            Assert.All(CheckRunner.ChildPids(shell), p => Assert.Equal("sleep", Comm(p)));
            using (var check = Process.GetProcessById(tool.Pid))
            {
                check.Kill(); // SIGKILL: check runs no code of its own after this.
            }

            await Eventually.TrueAsync(() => tool.HasExited, "check to die");

            await Eventually.TrueAsync(() => File.Exists(finished), "the .NET process started after check died to be resumed and run to its end");
            await Eventually.TrueAsync(() => !Directory.Exists(directory), "check's private directory to be removed once nothing uses its port");
        }
        finally
        {
            KillTree(shell);
            keepers.ForEach(KillTree);
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void CommandRunAsAnotherUser_IsResumed_AndTheReportSaysWhyItIsNotExact()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        string report = _check.PathOf("r.json");
        using ChildProcess tool = _check.Start(
            ["-o", report],
            "runuser", "-u", "nobody", "--", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp",
            ChildProcess.DotnetHost, Path.Combine(copy.Directory, "LeakScope.TestApp.dll"), "--script", "leak 1;exit");

        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"check hung on a process of another user. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        Assert.Contains("ok exit", tool.Output, StringComparison.Ordinal);
        Assert.True(tool.ExitCode == 2, tool.Errors);
        JsonElement json = JsonReport.Parse(File.ReadAllText(report));
        Assert.Equal("inconclusive", json.Str("verdict"));
        JsonElement app = Assert.Single(json.GetProperty("processes").EnumerateArray());
        string notes = string.Join('\n', app.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains($"uid {Nobody.Uid}", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcessThatCannotReachThePort_IsNamedAtOnce_AndReportedNotObserved()
    {
        if (!Nobody.WeAreRoot)
        {
            return;
        }

        // check's directory inside one only root may search: nobody's runtime cannot reach the port in it.
        string report = _check.PathOf("r.json");
        using ChildProcess tool = ChildProcess.Start(
            "env",
            $"TMPDIR={_check.Scratch}", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "leakscope.dll"), "check", "-o", report, "--",
            "runuser", "-u", "nobody", "--", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "TMPDIR=/tmp",
            ChildProcess.DotnetHost, Path.Combine(copy.Directory, "LeakScope.TestApp.dll"), "--script", "exit");

        await Eventually.TrueAsync(() => tool.Errors.Contains("has not reached leakscope's diagnostic port", StringComparison.Ordinal), "check to name the process that waits for its port", () => tool.HasExited);
        using (ChildProcess interrupt = ChildProcess.Start("kill", "-INT", tool.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.True(interrupt.WaitForExit(ChildProcess.Patience));
        }

        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"check did not stop on SIGINT. Errors:\n{tool.Errors}");
        Assert.Equal(130, tool.ExitCode);
        Assert.Contains($"uid {Nobody.Uid}", tool.Errors, StringComparison.Ordinal);
        JsonElement json = JsonReport.Parse(File.ReadAllText(report));
        Assert.Equal("inconclusive", json.Str("verdict"));
        JsonElement app = Assert.Single(json.GetProperty("processes").EnumerateArray());
        Assert.Equal("not-observed", app.Str("ending"));
        Assert.Contains("never connected to leakscope's diagnostic port", app.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _check.Dispose();

    /// <summary>The diagnostic port a process was given, from its environment; null when it has none (or is gone).</summary>
    private static string? PortOf(int pid)
    {
        try
        {
            string environment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"));
            string? ports = environment.Split('\0').FirstOrDefault(v => v.StartsWith(PortsVariable, StringComparison.Ordinal));
            return ports?[PortsVariable.Length..].Split(',')[0];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "sleep"; // Gone meanwhile: it was the sleep, which is all the shell runs before the app.
        }
    }

    private static void KillTree(int pid)
    {
        if (pid == 0)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
