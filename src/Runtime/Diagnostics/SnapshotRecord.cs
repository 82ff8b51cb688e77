namespace LeakScope.Diagnostics;

/// <summary>One open scope of a batched snapshot, as <see cref="SnapshotRecords"/> reads it.</summary>
internal readonly record struct SnapshotRecord(long ScopeId, int SiteId, int ThreadId, long ParentId, DateTime EnteredAt, string Name, int OwnerId);
