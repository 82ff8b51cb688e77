namespace LeakScope.Cli.Tests.Support;

/// <summary>Sends a signal with the real <c>kill</c> command, as a user or a supervisor would.</summary>
internal static class UnixSignal
{
    /// <param name="signal">The signal's name without SIG, e.g. STOP, CONT.</param>
    /// <param name="pid">A process the test started.</param>
    public static void Send(string signal, int pid)
    {
        using ChildProcess kill = ChildProcess.Start("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(kill.WaitForExit(ChildProcess.Patience) && kill.ExitCode == 0, $"kill -{signal} {pid} failed: {kill.Errors}");
    }
}
