namespace LeakScope.Diagnostics;

/// <summary>The record of abandoned scopes that snapshots list (docs/events.md, "Abandoned scopes"); shared with the tool.</summary>
internal static class AbandonedRecordContract
{
    /// <summary>The most recent abandoned scopes the runtime keeps per call site; older ones are only counted.</summary>
    public const int ScopesPerSite = 256;
}
