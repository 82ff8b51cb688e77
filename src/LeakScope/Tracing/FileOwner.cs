using System.Runtime.InteropServices;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// The uid that owns a file, and whether it is a socket (the link itself, not what a symbolic link
/// points to). .NET has no API for either; statx has one struct layout on every Linux architecture, unlike stat. Linux only.
/// </summary>
internal static partial class FileOwner
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const ushort FileTypeMask = 0xF000; // S_IFMT
    private const ushort SocketType = 0xC000; // S_IFSOCK

    /// <summary>The owner's uid, or null when the file is gone or the C library has no statx (glibc before 2.28).</summary>
    public static uint? Uid(string path) => Read(path, StatxUid, statx => MemoryMarshal.Read<uint>(statx[StatxUidOffset..]));

    /// <summary>Whether the file itself (not a link's target) is a Unix socket; null when it is gone or unknown.</summary>
    public static bool? IsSocket(string path) => Read(path, StatxType, statx => (MemoryMarshal.Read<ushort>(statx[StatxModeOffset..]) & FileTypeMask) == SocketType);

    private static T? Read<T>(string path, uint field, StatxField<T> read)
        where T : struct
    {
        Span<byte> statx = stackalloc byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, field, ref MemoryMarshal.GetReference(statx)) != 0
                || (MemoryMarshal.Read<uint>(statx) & field) == 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        return read(statx);
    }

    private delegate T StatxField<T>(ReadOnlySpan<byte> statx);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
