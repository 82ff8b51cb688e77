using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>How one observed process ended and what it leaked.</summary>
/// <param name="Target">The process.</param>
/// <param name="CommandLine">Its command line as it started.</param>
/// <param name="Instrumented">The process used LeakScope.Runtime (its provider answered or it wrote an exit snapshot).</param>
/// <param name="Complete">Observed from start to a normal end with its exit snapshot: nothing about it is unknown.</param>
/// <param name="Report">Its own report; null when it could not be observed.</param>
internal sealed record ProcessOutcome(TargetProcess Target, string CommandLine, bool Instrumented, bool Complete, LeakReport? Report)
{
    public int Pid => Target.Pid;

    /// <summary>Why the process could not be observed, when it could not.</summary>
    public string? Problem { get; init; }

    /// <summary>Its raw recording, when <c>--trace</c> asked for one.</summary>
    public string? TracePath { get; init; }

    /// <summary>Why the recording could not be written whole (a full disk), when it could not.</summary>
    public Exception? TraceFailure { get; init; }

    public static ProcessOutcome NotObserved(TargetProcess target, string commandLine, string problem) =>
        new(target, commandLine, Instrumented: false, Complete: false, Report: null) { Problem = problem };
}
