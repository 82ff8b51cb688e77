namespace LeakScope.Diagnostics;

/// <summary>Event ids of the <c>LeakScope</c> provider; part of the wire contract in docs/events.md.</summary>
internal static class EventIds
{
    public const int ScopeBatch = 1;
    public const int ScopeExited = 2;
    public const int ScopeAbandoned = 3;
    public const int ScopeAnnounced = 4;
    public const int SnapshotStarted = 5;
    public const int SnapshotScope = 6;
    public const int SnapshotCompleted = 7;
    public const int SiteSummary = 8;
    public const int CallSiteDefined = 9;
    public const int Heartbeat = 10;
    public const int SnapshotAbandoned = 11;
    public const int SnapshotAbandonedSite = 12;
    public const int SnapshotBatch = 13;
    public const int CompactScopeBatch = 14;
    public const int OwnerDefined = 15;
}
