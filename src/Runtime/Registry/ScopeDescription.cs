namespace LeakScope.Registry;

/// <summary>A consistent copy of one open slot, taken while the slot held <see cref="Id"/>.</summary>
internal readonly record struct ScopeDescription(
    int Index, long Id, CallSite Site, string? Name, long ParentId, long EnteredAtMs, int ThreadId, int OwnerId, int ParentLinkId = 0);
