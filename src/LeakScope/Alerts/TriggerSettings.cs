namespace LeakScope.Cli.Alerts;

/// <summary>
/// <c>monitor --on-leak collect</c>: where traces go, how long each records, how often one may start,
/// how many are kept, and how many bytes the kept ones (the one being written included) may hold together.
/// </summary>
internal sealed record TriggerSettings(string Directory, TimeSpan Duration, TimeSpan Cooldown, int MaxFiles, long MaxBytes)
{
    /// <summary><c>--trigger-max-bytes</c> unless given: room for a few traces of services with a million scopes open (about 20 MB a snapshot).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>The least <c>--trigger-max-bytes</c>: below it not even a trace's header and first events fit.</summary>
    public const long LeastMaxBytes = 16 * 1024;
}
