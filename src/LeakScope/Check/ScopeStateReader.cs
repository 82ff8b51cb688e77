using System.Buffers.Binary;
using System.Text;
using LeakScope.Cli.Model;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// Reads the open-scope state files a runtime kept under <c>check</c> (<see cref="ScopeStateLayout"/>,
/// docs/events.md): after a SIGKILL, a FailFast or a stack overflow they still hold the scopes open
/// at the moment of death. The files come from the target, so every length and id is checked.
/// </summary>
internal static class ScopeStateReader
{
    private const int ReadBlockSlots = 1024;

    /// <summary>What a state file says; <see cref="Problem"/> set when it cannot be trusted to be whole.</summary>
    internal sealed record StateFileContents(List<ScopeDescription> Open, string? Problem)
    {
        /// <summary>The owners the slots name by id (version 2 files).</summary>
        public IReadOnlyDictionary<int, OwnerInfo> Owners { get; init; } = new Dictionary<int, OwnerInfo>();

        /// <summary>
        /// How many of <see cref="Open"/> are watched resources whose closing is seen only by the runtime's
        /// sweep (<see cref="ScopeStateLayout.ClosingNotSeenAtOnce"/>): each may have been closed since it last ran.
        /// </summary>
        public int ClosingNotSeen { get; init; }

        /// <summary>How many scopes the process abandoned (collected undisposed) before it died; their slots are cleared.</summary>
        public long Abandoned { get; init; }
    }

    /// <summary>Null when the process left no state file: its LeakScope runtime never started, so it never entered a scope.</summary>
    public static StateFileContents? TryRead(string directory, int pid)
    {
        string statePath = Path.Combine(directory, ScopeStateLayout.StateFileName(pid));
        if (!File.Exists(statePath))
        {
            return null;
        }

        try
        {
            using var state = new FileStream(statePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            byte[] header = new byte[ScopeStateLayout.HeaderSize];
            state.ReadExactly(header);
            int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.VersionOffset));
            if (BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(ScopeStateLayout.MagicOffset)) != ScopeStateLayout.Magic
                || version is not (ScopeStateLayout.FormatVersion or ScopeStateLayout.FormatVersionWithoutParents or ScopeStateLayout.FormatVersionWithoutWatchFlags or ScopeStateLayout.FormatVersionWithoutOwners)
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.PidOffset)) != pid)
            {
                return new StateFileContents([], "Its state file is not one this version of leakscope reads, or not its own.");
            }

            if (BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.IncompleteOffset)) != 0)
            {
                return new StateFileContents([], "Its state file is incomplete (the disk was full, or a call site could not be written).");
            }

            long originMs = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(ScopeStateLayout.ClockOriginMsOffset));
            long originTicks = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(ScopeStateLayout.ClockOriginUtcTicksOffset));
            int slotCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.SlotCountOffset));
            if (slotCount < 0 || slotCount > ScopeStateLayout.MaxSlots || originTicks < DateTime.MinValue.Ticks || originTicks > DateTime.MaxValue.Ticks)
            {
                return new StateFileContents([], "Its state file has a damaged header.");
            }

            Dictionary<int, SiteText> sites = ReadSites(Path.Combine(directory, ScopeStateLayout.SitesFileName(pid)));
            bool withOwners = version != ScopeStateLayout.FormatVersionWithoutOwners;
            bool withFlags = version is ScopeStateLayout.FormatVersion or ScopeStateLayout.FormatVersionWithoutParents;
            bool withParents = version == ScopeStateLayout.FormatVersion;
            ParentChains parents = withParents ? ParentChains.Read(Path.Combine(directory, ScopeStateLayout.ParentsFileName(pid)), id => sites.TryGetValue(id, out SiteText? s) ? (s.Kind, s.File, s.Line) : null) : ParentChains.None;
            int closingNotSeen = 0;
            Dictionary<int, OwnerInfo> owners = withOwners ? ReadOwners(Path.Combine(directory, ScopeStateLayout.OwnersFileName(pid))) : [];
            var origin = new DateTime(originTicks, DateTimeKind.Utc);
            var open = new List<ScopeDescription>();
            byte[] block = new byte[ReadBlockSlots * ScopeStateLayout.SlotSize];
            for (int first = 0; first < slotCount; first += ReadBlockSlots)
            {
                int slots = Math.Min(ReadBlockSlots, slotCount - first);
                Span<byte> read = block.AsSpan(0, slots * ScopeStateLayout.SlotSize);
                state.ReadExactly(read);
                for (int i = 0; i < slots; i++)
                {
                    ReadOnlySpan<byte> slot = read.Slice(i * ScopeStateLayout.SlotSize, ScopeStateLayout.SlotSize);
                    long id = BinaryPrimitives.ReadInt64LittleEndian(slot[ScopeStateLayout.SlotIdOffset..]);
                    if (id == 0)
                    {
                        continue;
                    }

                    int siteId = BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotSiteOffset..]);
                    if (!sites.TryGetValue(siteId, out SiteText? site))
                    {
                        return new StateFileContents([], "Its state file names a call site it never described.");
                    }

                    long enteredMs = BinaryPrimitives.ReadInt64LittleEndian(slot[ScopeStateLayout.SlotEnteredAtOffset..]);
                    int ownerId = withOwners ? BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotOwnerOffset..]) : 0;
                    if (ownerId != 0 && !owners.ContainsKey(ownerId))
                    {
                        return new StateFileContents([], "Its state file names an owner it never described.");
                    }

                    int parentLink = withParents ? BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotParentOffset..]) : 0;
                    IReadOnlyList<ParentInfo>? chain = null;
                    if (parentLink != 0 && (chain = parents.ChainOf(parentLink)) is null)
                    {
                        return new StateFileContents([], "Its state file names a parent scope it never described.");
                    }

                    if (withFlags && (BinaryPrimitives.ReadUInt16LittleEndian(slot[ScopeStateLayout.SlotFlagsOffset..]) & ScopeStateLayout.ClosingNotSeenAtOnce) != 0)
                    {
                        closingNotSeen++;
                    }

                    open.Add(new ScopeDescription(
                        id,
                        site.Kind,
                        Name(slot, version),
                        site.File,
                        site.Line,
                        site.Member,
                        BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotThreadOffset..]),
                        0,
                        EnteredAt(origin, enteredMs - originMs),
                        string.Empty,
                        ownerId,
                        chain));
                }
            }

            long abandoned = Math.Max(BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(ScopeStateLayout.AbandonedCountOffset)), 0);
            return new StateFileContents(open, null) { Owners = owners, ClosingNotSeen = closingNotSeen, Abandoned = abandoned };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return new StateFileContents([], $"Its state file could not be read ({ex.Message}).");
        }
    }

    private static DateTime EnteredAt(DateTime origin, long millisecondsFromOrigin)
    {
        // A damaged clock value must not throw: it is kept within what a DateTime can hold.
        double earliest = (DateTime.MinValue - origin).TotalMilliseconds + 1;
        double latest = (DateTime.MaxValue - origin).TotalMilliseconds - 1;
        return origin.AddMilliseconds(Math.Clamp(millisecondsFromOrigin, earliest, latest));
    }

    private static string Name(ReadOnlySpan<byte> slot, int version)
    {
        (int lengthOffset, int nameOffset, int chars) = version switch
        {
            ScopeStateLayout.FormatVersionWithoutOwners => (ScopeStateLayout.SlotNameLengthOffsetWithoutOwners, ScopeStateLayout.SlotNameOffsetWithoutOwners, ScopeStateLayout.NameCharsWithoutOwners),
            ScopeStateLayout.FormatVersionWithoutWatchFlags => (ScopeStateLayout.SlotNameLengthOffsetWithoutParents, ScopeStateLayout.SlotNameOffsetWithoutParents, ScopeStateLayout.NameCharsWithoutWatchFlags),
            ScopeStateLayout.FormatVersionWithoutParents => (ScopeStateLayout.SlotNameLengthOffsetWithoutParents, ScopeStateLayout.SlotNameOffsetWithoutParents, ScopeStateLayout.NameCharsWithoutParents),
            _ => (ScopeStateLayout.SlotNameLengthOffset, ScopeStateLayout.SlotNameOffset, ScopeStateLayout.NameChars),
        };
        int length = BinaryPrimitives.ReadInt32LittleEndian(slot[lengthOffset..]);
        if (length <= 0)
        {
            return string.Empty;
        }

        int kept = Math.Min(length, chars);
        string name = Encoding.Unicode.GetString(slot.Slice(nameOffset, kept * sizeof(char)));

        // Only the start of a long name fits in its slot: the cut is marked.
        return NameFormatter.ForWire(length > kept ? name + "…" : name, NameFormatter.MaxNameLength);
    }

    /// <summary>Whole records only: the process may have died in the middle of appending the last one.</summary>
    private static Dictionary<int, SiteText> ReadSites(string path)
    {
        var sites = new Dictionary<int, SiteText>();
        foreach (ReadOnlySpan<byte> record in new AppendedRecords(AppendedRecords.ReadFile(path), 5 * sizeof(int)))
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(record);
            int line = BinaryPrimitives.ReadInt32LittleEndian(record[sizeof(int)..]);
            int offset = 2 * sizeof(int);
            if (Text(record, ref offset) is { } kind && Text(record, ref offset) is { } file && Text(record, ref offset) is { } member)
            {
                sites[id] = new SiteText(kind, file, line, member);
            }
        }

        return sites;
    }

    /// <summary>Owner records (id, kind, name), whole ones only, as for sites.</summary>
    private static Dictionary<int, OwnerInfo> ReadOwners(string path)
    {
        var owners = new Dictionary<int, OwnerInfo>();
        foreach (ReadOnlySpan<byte> record in new AppendedRecords(AppendedRecords.ReadFile(path), 3 * sizeof(int)))
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(record);
            int offset = sizeof(int);
            if (id != 0 && Text(record, ref offset) is { } kind && Text(record, ref offset, NameFormatter.MaxOwnerNameLength) is { } name)
            {
                owners.TryAdd(id, new OwnerInfo(kind, name));
            }
        }

        return owners;
    }

    private static string? Text(ReadOnlySpan<byte> record, ref int offset, int maxLength = NameFormatter.MaxCodeTextLength)
    {
        if (record.Length - offset < sizeof(int))
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(record[offset..]);
        offset += sizeof(int);
        if (length < 0 || length > record.Length - offset)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(record.Slice(offset, length));
        offset += length;

        // The file comes from the target: its text gets the same caps as events.
        return NameFormatter.ForWire(text, maxLength);
    }

    private sealed record SiteText(string Kind, string File, int Line, string Member);
}
