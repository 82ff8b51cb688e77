namespace LeakScope.Adapters;

/// <summary>Whether a test fails when it leaks, and after what grace; the nearest attribute (method, class, assembly) decides.</summary>
internal readonly record struct FailModeSettings(bool Enabled, TimeSpan Grace)
{
    public static readonly FailModeSettings Off = new(false, TimeSpan.FromMilliseconds(OwnedLeaks.DefaultGraceMilliseconds));

    /// <summary>
    /// Resolves the settings from the attributes found, nearest first (method, class, assembly); each
    /// is (enabled, grace in ms or a negative value for "not said").
    /// </summary>
    public static FailModeSettings Resolve(params (bool Enabled, int GraceMilliseconds)?[] nearestFirst)
    {
        bool? enabled = null;
        int? grace = null;
        foreach ((bool Enabled, int GraceMilliseconds)? found in nearestFirst)
        {
            if (found is not { } setting)
            {
                continue;
            }

            enabled ??= setting.Enabled;
            if (setting.GraceMilliseconds >= 0)
            {
                grace ??= setting.GraceMilliseconds;
            }
        }

        return new FailModeSettings(enabled ?? false, TimeSpan.FromMilliseconds(grace ?? OwnedLeaks.DefaultGraceMilliseconds));
    }
}
