namespace LeakScope.Cli.Reporting;

/// <summary>The <c>ending</c> values of a report: how the observation of the target ended.</summary>
internal static class Endings
{
    /// <summary>A point-in-time snapshot (the <c>snapshot</c> command).</summary>
    public const string Snapshot = "snapshot";

    /// <summary>Stopped by the user or by <c>--duration</c>, with the target still running.</summary>
    public const string Stopped = "stopped";

    /// <summary>The target exited normally; its leaks are the scopes open at exit.</summary>
    public const string OpenAtExit = "open-at-exit";

    /// <summary>An unhandled exception ended the target; its leaks are the scopes open at that moment (<c>check</c>).</summary>
    public const string OpenAtCrash = "open-at-crash";

    /// <summary>The target died without any exit handler (SIGKILL, FailFast, a stack overflow); its leaks are the scopes its state file held then (<c>check</c>).</summary>
    public const string OpenAtDeath = "open-at-death";

    /// <summary>SIGTERM or SIGINT ended the target before it finished; the scopes open then are listed (<c>check</c>).</summary>
    public const string OpenAtSignal = "open-at-signal";

    /// <summary>The target ended without its exit snapshot (killed or crashed).</summary>
    public const string ProcessTerminated = "process-terminated";

    /// <summary>Read from a trace file (<c>report</c>); ages are as of the file's last event.</summary>
    public const string Recorded = "recorded";
}
