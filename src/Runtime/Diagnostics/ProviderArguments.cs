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

    /// <summary>
    /// <c>true</c>: the session reads paired records in compact batches (an enter and its exit in one record,
    /// docs/events.md). A separate argument, so a runtime that does not know it still writes compact batches.
    /// </summary>
    public const string PairedRecords = "PairedRecords";

    /// <summary>
    /// <c>true</c>: with paired records, the session reads closed records in their place (only the scope's id and
    /// site, docs/events.md), as it reads nothing else of a scope that exited within one batch.
    /// </summary>
    public const string ClosedRecords = "ClosedRecords";
}
