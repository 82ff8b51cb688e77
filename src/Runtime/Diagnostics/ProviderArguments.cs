namespace LeakScope.Diagnostics;

/// <summary>Names of the <c>LeakScope</c> provider's arguments; part of the wire contract in docs/events.md.</summary>
internal static class ProviderArguments
{
    public const string AgeThresholdMs = "AgeThresholdMs";
    public const string SummaryIntervalMs = "SummaryIntervalMs";
    public const string NameMaxLength = "NameMaxLength";
    public const string NameMode = "NameMode";
    public const string SnapshotNonce = "SnapshotNonce";
    public const string ExitSnapshotDirectory = "ExitSnapshotDirectory";
    public const string Keywords = "Keywords";
    public const string SnapshotFormat = "SnapshotFormat";

    /// <summary>The <see cref="SnapshotFormat"/> value of a session that reads <c>SnapshotBatch</c> events.</summary>
    public const string BatchedSnapshots = "batches";

    public const string BatchFormat = "BatchFormat";

    /// <summary>The <see cref="BatchFormat"/> value of a session that reads <c>CompactScopeBatch</c> events.</summary>
    public const string CompactBatches = "compact";
}
