namespace LeakScope.Registry;

/// <summary>Reading open scopes: unpinned copies for queries, pinned descriptions for emitters.</summary>
internal sealed partial class ScopeRegistry
{
    public bool IsOpen(int index, long id)
    {
        long tag = Volatile.Read(ref _slots[index].Tag);
        return tag != 0 && SlotTag.IdOf(tag) == id;
    }

    /// <summary>
    /// Pins the scope in slot <paramref name="index"/> so its exit waits until <see cref="EndDescribe"/>;
    /// an emitter describes it in between, so a session never sees its exit before its description.
    /// </summary>
    public bool TryBeginDescribe(int index, out ScopeDescription scope, out bool wasAnnounced)
    {
        scope = default;
        wasAnnounced = false;
        if (!_slots.TryGetChunk(index, out ScopeSlot[] chunk))
        {
            return false;
        }

        ref ScopeSlot slot = ref chunk[SlotStore.OffsetInChunk(index)];
        var spin = default(SpinWait);
        long tag = Volatile.Read(ref slot.Tag);
        while (true)
        {
            if (tag == 0)
            {
                return false;
            }

            if ((tag & SlotTag.Describing) != 0)
            {
                spin.SpinOnce();
                tag = Volatile.Read(ref slot.Tag);
                continue;
            }

            long seen = Interlocked.CompareExchange(ref slot.Tag, tag | SlotTag.Describing, tag);
            if (seen == tag)
            {
                break;
            }

            tag = seen;
        }

        wasAnnounced = (tag & SlotTag.Announced) != 0;
        scope = new ScopeDescription(index, SlotTag.IdOf(tag), Sites.ById(slot.SiteId), slot.Name, slot.ParentId, slot.EnteredAtMs, slot.ThreadId, slot.OwnerId, slot.ParentLinkId);
        return true;
    }

    /// <summary>Unpins a slot; <paramref name="announced"/> says a session was told, so its exit is reported.</summary>
    public void EndDescribe(int index, bool announced)
    {
        ref ScopeSlot slot = ref _slots[index];
        long tag = Volatile.Read(ref slot.Tag);
        while (true)
        {
            long next = (tag & ~SlotTag.Describing) | (announced ? SlotTag.Announced : 0);
            long seen = Interlocked.CompareExchange(ref slot.Tag, next, tag);
            if (seen == tag)
            {
                return;
            }

            tag = seen;
        }
    }

    /// <summary>Whether the slot is open and was not announced yet, read without pinning it.</summary>
    public bool IsUnannouncedOpen(int index, out long enteredAtMs)
    {
        enteredAtMs = 0;
        if (!_slots.TryGetChunk(index, out ScopeSlot[] chunk))
        {
            return false;
        }

        ref ScopeSlot slot = ref chunk[SlotStore.OffsetInChunk(index)];
        long tag = Volatile.Read(ref slot.Tag);
        enteredAtMs = Volatile.Read(ref slot.EnteredAtMs);
        return tag != 0 && (tag & SlotTag.Announced) == 0;
    }

    /// <summary>
    /// Per call site id, when its oldest open scope was entered (the registry's clock), read without
    /// pinning as <see cref="ReadOpen"/> reads: the metrics' oldest-age gauge asks only when a listener
    /// collects, so the enter path keeps nothing for it.
    /// </summary>
    public Dictionary<int, long> ReadOldestEnteredMs()
    {
        var oldest = new Dictionary<int, long>();
        int capacity = Capacity;
        for (int index = 0; index < capacity; index++)
        {
            if (!_slots.TryGetChunk(index, out ScopeSlot[] chunk))
            {
                continue;
            }

            ref ScopeSlot slot = ref chunk[SlotStore.OffsetInChunk(index)];
            long tag = Volatile.Read(ref slot.Tag);
            if (tag == 0)
            {
                continue;
            }

            int siteId = slot.SiteId;
            long enteredAtMs = slot.EnteredAtMs;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Tag) != tag)
            {
                // Exited (and maybe reused) while read: its fields may be another scope's.
                continue;
            }

            if (!oldest.TryGetValue(siteId, out long known) || enteredAtMs < known)
            {
                oldest[siteId] = enteredAtMs;
            }
        }

        return oldest;
    }

    /// <summary>Copies every open scope without pinning: a slot reused while read is skipped.</summary>
    public List<ScopeDescription> ReadOpen()
    {
        var open = new List<ScopeDescription>();
        int capacity = Capacity;
        for (int index = 0; index < capacity; index++)
        {
            if (!_slots.TryGetChunk(index, out ScopeSlot[] chunk))
            {
                continue;
            }

            ref ScopeSlot slot = ref chunk[SlotStore.OffsetInChunk(index)];
            long tag = Volatile.Read(ref slot.Tag);
            if (tag == 0)
            {
                continue;
            }

            int siteId = slot.SiteId;
            string? name = slot.Name;
            long parentId = slot.ParentId;
            long enteredAtMs = slot.EnteredAtMs;
            int threadId = slot.ThreadId;
            int ownerId = slot.OwnerId;
            int parentLinkId = slot.ParentLinkId;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Tag) is long again && again != 0 && SlotTag.IdOf(again) == SlotTag.IdOf(tag))
            {
                open.Add(new ScopeDescription(index, SlotTag.IdOf(tag), Sites.ById(siteId), name, parentId, enteredAtMs, threadId, ownerId, parentLinkId));
            }
        }

        return open;
    }
}
