using System.Globalization;

namespace LeakScope.Diagnostics;

/// <summary>
/// The open-scope state files a runtime keeps for <c>leakscope check</c> (docs/events.md, "State files"):
/// <c>{pid}.state</c>, a memory-mapped header and one fixed slot per open scope, and <c>{pid}.sites</c>,
/// the call sites those slots name. The runtime writes them as scopes enter and exit, so the tool can
/// read what was open even after a SIGKILL. Shared by the runtime and the tool.
/// </summary>
internal static class ScopeStateLayout
{
    /// <summary>
    /// 4 since slots carry their parent chain's link (parents in their own file); 3 since slots carry watch
    /// flags; 2 since slots carry an owner id and owners have their own file; 1 before.
    /// </summary>
    public const int FormatVersion = 4;

    /// <summary>The version before parent links, which readers still accept: 15 name characters at <see cref="SlotNameOffsetWithoutParents"/>.</summary>
    public const int FormatVersionWithoutParents = 3;

    /// <summary>The version before watch flags, which readers still accept: 16 name characters, no flags.</summary>
    public const int FormatVersionWithoutWatchFlags = 2;

    /// <summary>The version before owners, which readers still accept: slots without an owner, 18 name characters.</summary>
    public const int FormatVersionWithoutOwners = 1;

    /// <summary>"LSSTATE1", little-endian.</summary>
    public const long Magic = 0x3145_5441_5453_534C;

    public const int HeaderSize = 4096;
    public const int SlotSize = 64;

    /// <summary>Slots the file can ever hold: the mapping is reserved once, space is allocated as slots are created.</summary>
    public const int MaxSlots = 1 << 24;

    /// <summary>Characters of a scope's name kept in its slot; longer names are cut.</summary>
    public const int NameChars = 13;

    /// <summary>Characters of a name kept in a version 3 slot.</summary>
    public const int NameCharsWithoutParents = 15;

    /// <summary>Characters of a name kept in a version 2 slot.</summary>
    public const int NameCharsWithoutWatchFlags = 16;

    /// <summary>Characters of a name kept in a version 1 slot.</summary>
    public const int NameCharsWithoutOwners = 18;

    // Header fields.
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int PidOffset = 12;
    public const int ClockOriginMsOffset = 16;
    public const int ClockOriginUtcTicksOffset = 24;
    public const int SlotCountOffset = 32;
    public const int IncompleteOffset = 36;

    /// <summary>
    /// How many scopes were abandoned (collected undisposed), a long: their slots are cleared, and a process
    /// no session follows (no EventSource) tells of them nowhere else. Zero in files written before it.
    /// </summary>
    public const int AbandonedCountOffset = 40;

    // Slot fields. The id is written last on enter and cleared first on exit: a slot with an id is whole.
    public const int SlotIdOffset = 0;
    public const int SlotEnteredAtOffset = 8;
    public const int SlotSiteOffset = 16;
    public const int SlotThreadOffset = 20;
    public const int SlotOwnerOffset = 24;
    public const int SlotParentOffset = 28;
    public const int SlotNameLengthOffset = 32;
    public const int SlotNameOffset = 36;
    public const int SlotFlagsOffset = 62;

    // Where a version 2 or 3 slot kept its name.
    public const int SlotNameLengthOffsetWithoutParents = 28;
    public const int SlotNameOffsetWithoutParents = 32;

    /// <summary>
    /// Slot flag: a watched resource whose closing only the sweep's probe sees (a stream closed by its
    /// reader, ...), or nothing sees (a type with no rule). Between a close and the next sweep its slot
    /// still records it: after a death the tool cannot know whether it was still open.
    /// </summary>
    public const ushort ClosingNotSeenAtOnce = 1;

    // Where a version 1 slot kept its name.
    public const int SlotNameLengthOffsetWithoutOwners = 24;
    public const int SlotNameOffsetWithoutOwners = 28;

    public static string StateFileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".state";

    public static string SitesFileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".sites";

    public static string OwnersFileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".owners";

    public static string ParentsFileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".parents";
}
