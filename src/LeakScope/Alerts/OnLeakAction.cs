namespace LeakScope.Cli.Alerts;

/// <summary>The values of <c>monitor --on-leak</c>: what to do when an alert condition holds, instead of stopping.</summary>
internal enum OnLeakAction
{
    /// <summary>Record a trace with a closing snapshot into the trigger directory, and keep watching.</summary>
    Collect,
}
