namespace LeakScope.Cli.Model;

/// <summary>
/// A scope the tool knows is open. A 32-byte struct kept in one dictionary, so a tracked scope costs
/// its fields and the dictionary entry: under 64 bytes with names shared (docs/performance.md). The
/// parent id, almost always 0, lives in the tracker's side table.
/// </summary>
internal struct TrackedScope
{
    public SiteInfo? Site;

    /// <summary>The target's site id, for full-mode scopes whose site definition has not arrived yet.</summary>
    public int SiteId;
    public int ThreadId;
    public string Name;
    public long EnteredAtTicks;

    public readonly DateTime EnteredAt => new(EnteredAtTicks, DateTimeKind.Utc);
}
