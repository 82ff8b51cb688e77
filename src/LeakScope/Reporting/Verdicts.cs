namespace LeakScope.Cli.Reporting;

/// <summary>The <c>verdict</c> values of a report and the exit code each maps to.</summary>
internal static class Verdicts
{
    public const string Clean = "clean";
    public const string Leaks = "leaks";
    public const string Inconclusive = "inconclusive";

    /// <summary><c>check</c>: no process of the command used LeakScope.Runtime, so there is nothing to judge (exit 7, or 13 without any .NET process).</summary>
    public const string NoLeakScope = "no-leakscope";

    public static ReturnCode ToReturnCode(string verdict) => verdict switch
    {
        Clean => ReturnCode.Clean,
        Leaks => ReturnCode.LeaksFound,
        NoLeakScope => ReturnCode.ProviderNotFound,
        _ => ReturnCode.Inconclusive,
    };
}
