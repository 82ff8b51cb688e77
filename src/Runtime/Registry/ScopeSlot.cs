using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// One open scope. <see cref="Tag"/> holds the scope id shifted left by <see cref="SlotTag.FlagBits"/>
/// plus state flags, and is 0 while the slot is free; every other field is valid only while the tag
/// holds the id that was read.
/// </summary>
internal struct ScopeSlot
{
    public long Tag;
    public string? Name;
    public long ParentId;
    public long EnteredAtMs;

    // An id rather than a reference: one GC write barrier less on every enter.
    public int SiteId;
    public int ThreadId;

    // The owner's interned id (OwnerTable), 0 when unowned.
    public int OwnerId;
    public int NextFree;

    // While parents are tracked: the interned chain of enclosing scopes (ParentTable), 0 for none.
    public int ParentLinkId;

    // Watched and tracked scopes only (ScopeRegistry.Watching.cs): a weak GCHandle kept with the slot
    // and reused, and the WatchRule; 0 for a plain scope.
    public GCHandle WatchHandle;
    public int WatchRule;
}
