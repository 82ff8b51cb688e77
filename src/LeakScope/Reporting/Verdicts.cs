namespace LeakScope.Cli.Reporting;

/// <summary>The <c>verdict</c> values of a report and the exit code each maps to.</summary>
internal static class Verdicts
{
    public const string Clean = "clean";
    public const string Leaks = "leaks";
    public const string Inconclusive = "inconclusive";

    public static ReturnCode ToReturnCode(string verdict) => verdict switch
    {
        Clean => ReturnCode.Clean,
        Leaks => ReturnCode.LeaksFound,
        _ => ReturnCode.Inconclusive,
    };
}
