using System.Text;

namespace LeakScope.Diagnostics;

/// <summary>Text in batched records: its UTF-8 length as a varint, then its UTF-8 bytes (docs/events.md).</summary>
internal static class RecordText
{
    // Below this many characters an ASCII text's length is one varint byte.
    private const int OneByteLength = 0x80;

    /// <summary>Writes <paramref name="text"/>; <paramref name="destination"/> has room for its length and <see cref="Encoding.GetMaxByteCount"/> bytes.</summary>
    public static int Write(Span<byte> destination, string text)
    {
        // Most names, kinds and exception types are short ASCII: one pass copies them, where counting
        // the UTF-8 bytes first and then encoding takes two (full mode writes one per enter).
        if (text.Length < OneByteLength
            && Ascii.FromUtf16(text, destination[1..], out int copied) == System.Buffers.OperationStatus.Done)
        {
            destination[0] = (byte)copied;
            return 1 + copied;
        }

        int length = Varint.Write(destination, (uint)Encoding.UTF8.GetByteCount(text));
        return length + Encoding.UTF8.GetBytes(text, destination[length..]);
    }
}
