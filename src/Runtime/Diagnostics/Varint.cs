namespace LeakScope.Diagnostics;

/// <summary>Unsigned LEB128 varints and the zigzag mapping of signed values, as batched records carry them.</summary>
internal static class Varint
{
    /// <summary>The most bytes one varint takes.</summary>
    public const int MaxSize = 10;

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    // Inlined: full mode writes about ten per enter/exit pair, nearly all of one byte.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>Reads one varint and moves past it; throws <see cref="FormatException"/> on a truncated or overlong one.</summary>
    public static ulong Read(ref ReadOnlySpan<byte> source)
    {
        ulong value = 0;
        for (int shift = 0, at = 0; shift < 70; shift += 7, at++)
        {
            if (at >= source.Length)
            {
                throw new FormatException("Truncated record.");
            }

            byte next = source[at];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                source = source[(at + 1)..];
                return value;
            }
        }

        throw new FormatException("Record varint too long.");
    }

    public static int ReadInt32(ref ReadOnlySpan<byte> source)
    {
        ulong value = Read(ref source);
        return value <= int.MaxValue ? (int)value : throw new FormatException("Record field out of range.");
    }
}
