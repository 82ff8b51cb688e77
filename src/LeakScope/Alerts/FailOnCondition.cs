namespace LeakScope.Cli.Alerts;

/// <summary>The values of <c>monitor --fail-on</c>.</summary>
internal enum FailOnCondition
{
    /// <summary>A call site's open count grows by the growth rule.</summary>
    Growing,
}
