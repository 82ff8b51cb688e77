namespace LeakScope.Registry;

/// <summary>
/// One open scope. <see cref="Tag"/> holds the scope id shifted left by <see cref="SlotTag.FlagBits"/>
/// plus state flags, and is 0 while the slot is free; every other field is valid only while the tag
/// holds the id that was read.
/// </summary>
internal struct ScopeSlot
{
    public long Tag;
    public CallSite? Site;
    public string? Name;
    public long ParentId;
    public long EnteredTimestamp;
    public int ThreadId;
    public int NextFree;
}
