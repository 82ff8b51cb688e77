namespace LeakScope.Cli.Tests.Support;

/// <summary>Waits on a condition with a generous timeout, failing early if what should make it true has ended.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, Func<bool>? gaveUp = null)
    {
        DateTime deadline = DateTime.UtcNow + ChildProcess.Patience;
        while (!condition())
        {
            Assert.False(gaveUp?.Invoke() ?? false, $"Ended before {what}.");
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {ChildProcess.Patience.TotalSeconds} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until a command run in-process has attached (it says so on stderr).</summary>
    public static Task AttachedAsync(CliRun run, Task<int> command) =>
        TrueAsync(() => run.Error.Contains("Attached to", StringComparison.Ordinal), "the command to attach", () => command.IsCompleted);
}
