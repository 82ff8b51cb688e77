using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>How one observed process ended and what it leaked.</summary>
/// <param name="Instrumented">The process used LeakScope.Runtime (its provider answered or it wrote an exit snapshot).</param>
/// <param name="Complete">Observed from start to a normal exit with its exit snapshot: nothing about it is unknown.</param>
internal sealed record ProcessOutcome(ObservedProcess Process, bool Instrumented, bool Complete, LeakReport? Report)
{
    public string? Problem { get; init; }

    public static ProcessOutcome NotObserved(ObservedProcess process, string problem) =>
        new(process, Instrumented: false, Complete: false, Report: null) { Problem = problem };
}
