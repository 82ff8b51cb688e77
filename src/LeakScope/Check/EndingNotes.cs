namespace LeakScope.Cli.Check;

/// <summary>
/// What a report says of how a process ended, the same whether check watched it over a session
/// (<see cref="ObservedProcess"/>) or only read the files it left (<see cref="SessionlessProcesses"/>).
/// </summary>
internal static class EndingNotes
{
    public const string DiedWithoutExiting =
        "The process died without exiting (killed, FailFast or a fatal runtime error); the scopes open at that moment come from its state file.";

    /// <summary>An end its exit snapshot recorded: a signal, or an unhandled exception.</summary>
    public static string OfAbruptEnd((string Reason, string Cause) end) => end.Reason == "signal"
        ? $"The process was stopped by {end.Cause} before it finished; the scopes open at that moment are listed."
        : $"The process crashed with an unhandled {end.Cause}; the scopes open at that moment are listed.";

    /// <summary>Scopes its state file lists whose closing only the runtime's periodic sweep would have seen.</summary>
    public static string ClosingNotSeen(int count) =>
        $"{count} of them are watched resources (Scope.Watch, auto-tracking) whose closing is seen only by the runtime's periodic sweep (a stream closed by its reader, a reader by its connection): each may have been closed since the last sweep, so whether they leaked is unknown.";
}
