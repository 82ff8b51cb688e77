using System.Text.Json;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary><c>leakscope check</c> when things go wrong: bad input, signals, killed or stubborn commands.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CheckFaultTests : IDisposable
{
    private readonly CheckRunner _check = new();

    [Fact]
    public void CommandNotFound_Exits12_WithOneLine()
    {
        using ChildProcess tool = _check.Run([], "leakscope-no-such-command");

        Assert.Equal(12, tool.ExitCode);
        string line = Assert.Single(tool.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("leakscope: Cannot start 'leakscope-no-such-command'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void NonDotnetCommand_Exits13()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], "sh", "-c", "exit 0");

        Assert.Equal(13, tool.ExitCode);
        Assert.Contains("started no .NET process", tool.Errors, StringComparison.Ordinal);
        Assert.Equal("no-leakscope", JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).Str("verdict"));
    }

    [Fact]
    public void True_TheVerdictLineSaysNoDotnetProcessWasStarted()
    {
        using ChildProcess tool = _check.Run([], "true");

        Assert.True(tool.ExitCode == 13, tool.Errors);
        Assert.Contains("Verdict: NO-LEAKSCOPE: no .NET process was started, so nothing was checked", tool.Errors.Split('\n'));
        Assert.DoesNotContain("INCONCLUSIVE", tool.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AppWithoutLeakScope_Exits7()
    {
        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], ChildProcess.DotnetHost, CheckRunner.TestApp, "--no-scopes", "--script", "exit");

        Assert.Equal(7, tool.ExitCode);
        Assert.Contains("does not use LeakScope", tool.Errors, StringComparison.Ordinal);

        // The exit code and the report's verdict agree: 7 is not "inconclusive".
        Assert.Equal("no-leakscope", JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).Str("verdict"));
    }

    [Fact]
    public async Task CtrlC_StopsTheCommand_AndWritesAPartialReport()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "leak 1", out int appPid);

        Signal(tool.Pid, "-INT");

        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not stop on SIGINT.");
        Assert.Equal(130, tool.ExitCode);
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{appPid}"), "the app to be gone", () => false);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.True(report.GetProperty("partial").GetBoolean());
        Assert.True(report.GetProperty("invocation").GetProperty("interrupted").GetBoolean());
        Assert.Equal("inconclusive", report.Str("verdict"));
        Assert.Single(report.Leaks());
    }

    [Fact]
    public void CtrlC_KillsACommandThatIgnoresSigterm()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "ignore-term", out int appPid);

        Signal(tool.Pid, "-INT");

        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not stop on SIGINT.");
        Assert.Equal(130, tool.ExitCode);
        Assert.True(IsGone(appPid), "The command must be killed.");
        Assert.Equal(137, JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json"))).GetProperty("invocation").Int("exitCode"));
    }

    [Fact]
    public async Task SecondCtrlC_KillsTheCommand_AndStillWritesThePartialReport()
    {
        using ChildProcess tool = _check.StartApp(["-o", _check.PathOf("r.json")], "ignore-term", out int appPid);

        Signal(tool.Pid, "-INT");

        await Eventually.TrueAsync(() => tool.Errors.Contains("stopping the command", StringComparison.Ordinal), "check to start stopping the command", () => tool.HasExited);
        Signal(tool.Pid, "-INT");

        Assert.True(tool.WaitForExit(ChildProcess.Patience), "check did not end on the second SIGINT.");
        Assert.Equal(130, tool.ExitCode);
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.True(report.GetProperty("partial").GetBoolean());
        Assert.Equal(137, report.GetProperty("invocation").Int("exitCode"));
        Assert.True(IsGone(appPid), "The command must be killed, not orphaned.");
    }

    // The command has ended; check waits for the app it left running (up to --child-timeout, far beyond the test's patience).
    [Fact]
    public async Task OneCtrlC_WhileWaitingForAProcessOutlivingTheCommand_EndsTheWait_Exits130_AndLeavesTheProcessAlone()
    {
        string output = _check.PathOf("app.out");
        string script = $"'{ChildProcess.DotnetHost}' '{CheckRunner.TestApp}' --script 'hold;block' > '{output}' 2>&1 </dev/null & echo \"app $!\"; "
            + $"until grep -q 'ok block' '{output}' 2>/dev/null; do sleep 0.05; done";
        using ChildProcess tool = _check.Start(["-o", _check.PathOf("r.json"), "--child-timeout", "300", "--announce-after", "0"], "sh", "-c", script);
        int appPid = int.Parse(tool.WaitForLine(l => l.StartsWith("app ", StringComparison.Ordinal), "the app's pid")["app ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await Eventually.TrueAsync(() => tool.Errors.Contains("Ctrl+C stops waiting", StringComparison.Ordinal), "check to wait for the app outliving the command", () => tool.HasExited);

            UnixSignal.Send("INT", tool.Pid);

            Assert.True(tool.WaitForExit(ChildProcess.Patience), $"one SIGINT did not end check's wait. Errors:\n{tool.Errors}");
            Assert.True(tool.ExitCode == 130, tool.Errors);
            JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
            Assert.Equal("inconclusive", report.Str("verdict"));
            Assert.True(report.GetProperty("invocation").GetProperty("interrupted").GetBoolean());
            Assert.Equal(0, report.GetProperty("invocation").Int("exitCode"));
            Assert.Equal("transaction", Assert.Single(report.Leaks()).Str("kind"));
            Assert.False(IsGone(appPid), "check must not kill a process that outlives the command.");
        }
        finally
        {
            try
            {
                using var app = System.Diagnostics.Process.GetProcessById(appPid);
                app.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    [Fact]
    public void DiagnosticsDisabled_Exits5_BeforeRunningTheCommand()
    {
        using ChildProcess tool = ChildProcess.Start("env", ["DOTNET_EnableDiagnostics=0", ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "leakscope.dll"), "check", "--", .. CheckRunner.App("exit")]);

        Assert.True(tool.WaitForExit(ChildProcess.Patience));
        Assert.Equal(5, tool.ExitCode);
        Assert.DoesNotContain("ready", tool.Output, StringComparison.Ordinal);
        Assert.Contains("DOTNET_EnableDiagnostics=0", tool.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageErrors_Exit3()
    {
        using ChildProcess noCommand = ChildProcess.StartDotnet("leakscope.dll", "check");
        using ChildProcess noBaseline = ChildProcess.StartDotnet("leakscope.dll", "check", "--update-baseline", "--", "true");
        using ChildProcess twoToStdout = ChildProcess.StartDotnet("leakscope.dll", "check", "-f", "json", "-f", "sarif", "-o", "-", "-o", "-", "--", "true");
        string marker = _check.PathOf("ran");
        using ChildProcess missingDirectory = ChildProcess.StartDotnet("leakscope.dll", "check", "-o", _check.PathOf("no/such/dir/r.json"), "--", "touch", marker);
        using ChildProcess formatWithoutOutput = ChildProcess.StartDotnet("leakscope.dll", "check", "-f", "junit", "--", "touch", marker);

        foreach (ChildProcess tool in new[] { noCommand, noBaseline, twoToStdout, missingDirectory, formatWithoutOutput })
        {
            Assert.True(tool.WaitForExit(ChildProcess.Patience));
            Assert.Equal(3, tool.ExitCode);
            Assert.StartsWith("leakscope: ", tool.Errors, StringComparison.Ordinal);
        }

        Assert.Equal("leakscope: check's standard output is the command's own: give --format junit its --output FILE, or --output - to write it there after the command's output.", formatWithoutOutput.Errors.Split('\n')[0]);
        Assert.Empty(formatWithoutOutput.Output);

        Assert.False(File.Exists(marker), "The command must not run when the report cannot be written.");
    }

    public void Dispose() => _check.Dispose();

    private static void Signal(int pid, string signal)
    {
        using (ChildProcess.Start("kill", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
        }
    }

    /// <summary>Gone, or a zombie its parent has not reaped yet.</summary>
    private static bool IsGone(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }
}
