using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// Keeps the open scopes of this process in a memory-mapped file that <c>leakscope check</c> reads after
/// the process is gone, so a SIGKILL, a FailFast or a stack overflow still leaves the exact list behind:
/// the kernel keeps the pages of a shared mapping whatever happens to the process. Enter writes one
/// 64-byte slot and exit clears its id; call sites go once each to a side file. Layout: <see cref="ScopeStateLayout"/>.
/// </summary>
internal sealed unsafe class ScopeStateFile
{
    private const int AllocationStep = 4096;

    private static readonly delegate* unmanaged[Cdecl]<int, long, long, int> s_fallocate = FindFallocate();

    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly FileStream _state;
    private readonly FileStream _sites;
    private readonly FileStream _owners;
    private readonly FileStream _parents;
    private readonly byte* _base;
    private int _allocatedSlots;

    private ScopeStateFile(FileStream state, FileStream sites, FileStream owners, FileStream parents, MemoryMappedFile mapping, MemoryMappedViewAccessor view, byte* @base)
    {
        _state = state;
        _sites = sites;
        _owners = owners;
        _parents = parents;
        _mapping = mapping;
        _view = view;
        _base = @base;
    }

    /// <summary>Slots are at <c>SlotsBase + index * SlotSize</c>; only indexes below <see cref="AllocatedSlots"/> have space.</summary>
    public byte* SlotsBase => _base + ScopeStateLayout.HeaderSize;

    public int AllocatedSlots => Volatile.Read(ref _allocatedSlots);

    /// <summary>Creates the files for <paramref name="processId"/> in <paramref name="directory"/>; null where it cannot (the tool then cannot be exact after a kill, and says so).</summary>
    public static ScopeStateFile? TryCreate(string directory, int processId)
    {
        if (s_fallocate == null)
        {
            return null;
        }

        FileStream? state = null;
        FileStream? sites = null;
        FileStream? owners = null;
        FileStream? parents = null;
        try
        {
            // CreateNew: never reuses or follows a file that someone else put there.
            state = new FileStream(Path.Combine(directory, ScopeStateLayout.StateFileName(processId)), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1);
            sites = new FileStream(Path.Combine(directory, ScopeStateLayout.SitesFileName(processId)), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
            owners = new FileStream(Path.Combine(directory, ScopeStateLayout.OwnersFileName(processId)), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
            parents = new FileStream(Path.Combine(directory, ScopeStateLayout.ParentsFileName(processId)), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
            if (s_fallocate((int)state.SafeFileHandle.DangerousGetHandle(), 0, ScopeStateLayout.HeaderSize) != 0)
            {
                throw new IOException("no space for the state file header");
            }

            // The whole range is reserved as a sparse file; space is allocated up front only as slots are created,
            // so a full disk stops the recording (marked incomplete) instead of faulting a store.
            long capacity = ScopeStateLayout.HeaderSize + ((long)ScopeStateLayout.MaxSlots * ScopeStateLayout.SlotSize);
            MemoryMappedFile mapping = MemoryMappedFile.CreateFromFile(state, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor view = mapping.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var file = new ScopeStateFile(state, sites, owners, parents, mapping, view, pointer);
            file.WriteHeader(processId);
            return file;
        }
        catch (Exception ex)
        {
            SelfLog.Write("state file", ex);
            state?.Dispose();
            sites?.Dispose();
            owners?.Dispose();
            parents?.Dispose();
            return null;
        }
    }

    /// <summary>Makes room for slots below <paramref name="slotCount"/>; past what the disk gives, the file is marked incomplete.</summary>
    public void EnsureSlots(int slotCount)
    {
        int allocated = _allocatedSlots;
        if (slotCount <= allocated || IsIncomplete)
        {
            return;
        }

        int target = Math.Min(ScopeStateLayout.MaxSlots, (slotCount + AllocationStep - 1) / AllocationStep * AllocationStep);
        long offset = ScopeStateLayout.HeaderSize + ((long)allocated * ScopeStateLayout.SlotSize);
        long length = (long)(target - allocated) * ScopeStateLayout.SlotSize;
        if (target < slotCount || s_fallocate((int)_state.SafeFileHandle.DangerousGetHandle(), offset, length) != 0)
        {
            MarkIncomplete();
            return;
        }

        Volatile.Write(ref *(int*)(_base + ScopeStateLayout.SlotCountOffset), target);
        Volatile.Write(ref _allocatedSlots, target);
    }

    /// <summary>Appends a call site; a slot names it only after this returns.</summary>
    public void AddSite(Registry.CallSite site)
    {
        try
        {
            byte[] kind = Encoding.UTF8.GetBytes(site.WireKind);
            byte[] file = Encoding.UTF8.GetBytes(site.WireFile);
            byte[] member = Encoding.UTF8.GetBytes(site.WireMember);
            int length = (5 * sizeof(int)) + kind.Length + file.Length + member.Length;
            byte[] record = new byte[sizeof(int) + length];
            var writer = new SpanWriter(record);
            writer.Int(length);
            writer.Int(site.Id);
            writer.Int(site.Line);
            writer.Text(kind);
            writer.Text(file);
            writer.Text(member);

            // One write call per record: after a kill the file ends with whole records, or a cut last one.
            _sites.Write(record);
        }
        catch (Exception ex)
        {
            SelfLog.Write("state file site", ex);
            MarkIncomplete();
        }
    }

    /// <summary>Appends an owner (id, kind, name); a slot names it only after this returns.</summary>
    public void AddOwner(ScopeOwner owner)
    {
        try
        {
            byte[] kind = Encoding.UTF8.GetBytes(owner.WireKind);
            byte[] name = Encoding.UTF8.GetBytes(owner.WireName);
            int length = (3 * sizeof(int)) + kind.Length + name.Length;
            byte[] record = new byte[sizeof(int) + length];
            var writer = new SpanWriter(record);
            writer.Int(length);
            writer.Int(owner.Id);
            writer.Text(kind);
            writer.Text(name);
            _owners.Write(record);
        }
        catch (Exception ex)
        {
            SelfLog.Write("state file owner", ex);
            MarkIncomplete();
        }
    }

    /// <summary>Appends a parent link (id, site, outer link, name); a slot names it only after this returns.</summary>
    public void AddParent(ParentLink link)
    {
        try
        {
            byte[] name = link.Name is null ? [] : Encoding.UTF8.GetBytes(NameFormatter.ForWire(link.Name, NameFormatter.MaxNameLength));
            int length = (5 * sizeof(int)) + name.Length;
            byte[] record = new byte[sizeof(int) + length];
            var writer = new SpanWriter(record);
            writer.Int(length);
            writer.Int(link.Id);
            writer.Int(link.Site.Id);
            writer.Int(link.Outer?.Id ?? 0);
            writer.Int(link.Name is null ? 0 : 1);
            writer.Text(name);
            _parents.Write(record);
        }
        catch (Exception ex)
        {
            SelfLog.Write("state file parent", ex);
            MarkIncomplete();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record(byte* slot, long id, int siteId, int threadId, long enteredAtMs, string? name, int ownerId, int parentLinkId, ushort flags)
    {
        *(ushort*)(slot + ScopeStateLayout.SlotFlagsOffset) = flags;
        *(long*)(slot + ScopeStateLayout.SlotEnteredAtOffset) = enteredAtMs;
        *(int*)(slot + ScopeStateLayout.SlotSiteOffset) = siteId;
        *(int*)(slot + ScopeStateLayout.SlotThreadOffset) = threadId;
        *(int*)(slot + ScopeStateLayout.SlotOwnerOffset) = ownerId;
        *(int*)(slot + ScopeStateLayout.SlotParentOffset) = parentLinkId;
        if (name is null)
        {
            *(int*)(slot + ScopeStateLayout.SlotNameLengthOffset) = -1;
        }
        else
        {
            *(int*)(slot + ScopeStateLayout.SlotNameLengthOffset) = name.Length;
            int kept = Math.Min(name.Length, ScopeStateLayout.NameChars);
            fixed (char* chars = name)
            {
                Buffer.MemoryCopy(chars, slot + ScopeStateLayout.SlotNameOffset, ScopeStateLayout.NameChars * sizeof(char), kept * sizeof(char));
            }
        }

        Volatile.Write(ref *(long*)(slot + ScopeStateLayout.SlotIdOffset), id);
    }

    /// <summary>Clears the slot if it still records scope <paramref name="id"/> (a late second dispose must not clear a newer scope).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(byte* slot, long id)
    {
        long* recorded = (long*)(slot + ScopeStateLayout.SlotIdOffset);
        if (*recorded == id)
        {
            Volatile.Write(ref *recorded, 0);
        }
    }

    /// <summary>Counts a scope abandoned: its slot is cleared, so after a death only this count tells of it.</summary>
    public void CountAbandoned() => Interlocked.Increment(ref *(long*)(_base + ScopeStateLayout.AbandonedCountOffset));

    private bool IsIncomplete => Volatile.Read(ref *(int*)(_base + ScopeStateLayout.IncompleteOffset)) != 0;

    private void MarkIncomplete() => Volatile.Write(ref *(int*)(_base + ScopeStateLayout.IncompleteOffset), 1);

    private void WriteHeader(int processId)
    {
        *(int*)(_base + ScopeStateLayout.VersionOffset) = ScopeStateLayout.FormatVersion;
        *(int*)(_base + ScopeStateLayout.PidOffset) = processId;
        *(long*)(_base + ScopeStateLayout.ClockOriginMsOffset) = ScopeClock.OriginMilliseconds;
        *(long*)(_base + ScopeStateLayout.ClockOriginUtcTicksOffset) = ScopeClock.OriginUtc.Ticks;
        Volatile.Write(ref *(long*)(_base + ScopeStateLayout.MagicOffset), ScopeStateLayout.Magic);
    }

    private static delegate* unmanaged[Cdecl]<int, long, long, int> FindFallocate()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            return null;
        }

        foreach (string library in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.so" })
        {
            if (NativeLibrary.TryLoad(library, out IntPtr handle) && NativeLibrary.TryGetExport(handle, "posix_fallocate", out IntPtr export))
            {
                return (delegate* unmanaged[Cdecl]<int, long, long, int>)export;
            }
        }

        return null;
    }

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void Int(int value)
        {
            BitConverter.TryWriteBytes(_buffer[_at..], value);
            _at += sizeof(int);
        }

        public void Text(byte[] utf8)
        {
            Int(utf8.Length);
            utf8.CopyTo(_buffer[_at..]);
            _at += utf8.Length;
        }
    }
}
