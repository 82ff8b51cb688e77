namespace LeakScope.Cli.Check;

/// <summary>What <c>leakscope check</c> was asked to do.</summary>
/// <param name="CommandLine">The command to run and its arguments.</param>
/// <param name="Outputs">Reports to write besides the summary on standard error.</param>
/// <param name="SourceRoot">Paths in SARIF and the baseline are relative to it; null for the current git root.</param>
/// <param name="Baseline">Known leak sites, accepted.</param>
/// <param name="UpdateBaseline">Write the leak sites of this run to <paramref name="Baseline"/>.</param>
/// <param name="IgnoreKinds">Kinds whose leaks are accepted (process-lifetime resources).</param>
/// <param name="IgnoreSites">Globs of sites whose leaks are accepted.</param>
/// <param name="Trace">Keep the raw event stream here (.nettrace).</param>
/// <param name="Stacks">Ask for each call site's stack.</param>
/// <param name="AnnounceAfter">Scopes open this long are announced, so a crash still shows them.</param>
/// <param name="ChildExitTimeout">How long .NET processes started by the command may outlive it before they are reported as still running.</param>
internal sealed record CheckSettings(
    IReadOnlyList<string> CommandLine,
    IReadOnlyList<CheckOutput> Outputs,
    string? SourceRoot,
    string? Baseline,
    bool UpdateBaseline,
    IReadOnlyList<string> IgnoreKinds,
    IReadOnlyList<string> IgnoreSites,
    string? Trace,
    bool Stacks,
    TimeSpan AnnounceAfter,
    TimeSpan ChildExitTimeout);
