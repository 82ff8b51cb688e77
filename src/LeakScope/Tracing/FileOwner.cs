using System.Runtime.InteropServices;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// The uid that owns a file (the link itself, not what a symbolic link points to). .NET has no API
/// for it; statx has one struct layout on every Linux architecture, unlike stat. Linux only.
/// </summary>
internal static partial class FileOwner
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;

    /// <summary>The owner's uid, or null when the file is gone or the C library has no statx (glibc before 2.28).</summary>
    public static uint? Uid(string path)
    {
        Span<byte> statx = stackalloc byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, ref MemoryMarshal.GetReference(statx)) != 0
                || (MemoryMarshal.Read<uint>(statx) & StatxUid) == 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        return MemoryMarshal.Read<uint>(statx[StatxUidOffset..]);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
