using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tracing;

/// <summary>What a session asks the target's LeakScope provider for.</summary>
internal sealed record SessionOptions(TimeSpan AnnounceAfter, TimeSpan SummaryInterval, bool Stacks, bool AllEvents)
{
    public static SessionOptions SnapshotOnly { get; } = new(TimeSpan.FromDays(1), TimeSpan.FromDays(1), Stacks: false, AllEvents: false);

    /// <summary>Starts the session's snapshot nonce; <see cref="Model.ScopeTracker.ClosingNoncePrefix"/> marks a closing snapshot.</summary>
    public string NoncePrefix { get; init; } = string.Empty;

    /// <summary>
    /// The session's buffer in the target, in MB. EventPipe fills it only as far as the tool falls
    /// behind; paced, batched snapshots and compact full-mode records keep that small, so two sessions
    /// at once (monitor and its closing snapshot) stay within the 64 MB a target may grow by
    /// (docs/performance.md).
    /// </summary>
    public const int BufferSizeMB = 32;

    public long Keywords =>
        ProviderKeywords.Lifecycle | ProviderKeywords.Names | ProviderKeywords.Summaries
        | (Stacks ? ProviderKeywords.Stacks : 0)
        | (AllEvents ? ProviderKeywords.Full : 0);

    /// <summary>When a site's open count, sampled at every summary, counts as growing.</summary>
    public Model.GrowthRule Growth { get; init; } = Model.GrowthRule.Default;

    /// <summary>Where the runtime is asked to write its exit snapshot file (<see cref="ExitSnapshotDrop"/>); none when null.</summary>
    public string? ExitSnapshotDirectory { get; init; }

    public Dictionary<string, string> Arguments(string nonce)
    {
        var arguments = new Dictionary<string, string>
        {
            [ProviderArguments.SnapshotNonce] = nonce,
            // Says which keywords this session chose, should another session have enabled every one (docs/events.md).
            [ProviderArguments.Keywords] = "0x" + Keywords.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
            [ProviderArguments.AgeThresholdMs] = ((long)AnnounceAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ProviderArguments.SummaryIntervalMs] = ((long)SummaryInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Records instead of an event per scope: a snapshot of many open scopes fits the buffer below.
            [ProviderArguments.SnapshotFormat] = ProviderArguments.BatchedSnapshots,
            [ProviderArguments.BatchFormat] = ProviderArguments.CompactBatches,
            [ProviderArguments.PairedRecords] = "true",
            [ProviderArguments.ClosedRecords] = "true",
        };
        if (ExitSnapshotDirectory is { } directory)
        {
            arguments[ProviderArguments.ExitSnapshotDirectory] = directory;
        }

        return arguments;
    }
}
