using System.Buffers.Binary;
using System.Runtime.InteropServices;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Reads manifest-format event payloads field by field, without TraceEvent's dynamic parser:
/// integers little-endian, strings UTF-16 with a terminating null, DateTime as FILETIME.
/// </summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private ReadOnlySpan<byte> _rest = payload;

    /// <summary>Fields remain: a newer event version added some after those an older one had.</summary>
    public readonly bool HasMore => !_rest.IsEmpty;

    public int ReadInt32()
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        return value;
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public DateTime ReadDateTime() => DateTime.FromFileTimeUtc(ReadInt64());

    public string ReadString()
    {
        ReadOnlySpan<char> chars = MemoryMarshal.Cast<byte, char>(_rest[..(_rest.Length & ~1)]);
        int end = chars.IndexOf('\0');
        if (end < 0)
        {
            throw new FormatException("Unterminated string in event payload.");
        }

        // Lone surrogates from a damaged or hostile payload would make every JSON writer throw later.
        string value = NameFormatter.ForWire(new string(chars[..end]), int.MaxValue);
        _rest = _rest[((end + 1) * 2)..];
        return value;
    }

    /// <summary>A byte array written by EventSource: an int32 length, then the bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes() => Take(ReadInt32());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _rest.Length)
        {
            throw new FormatException("Event payload is shorter than its fields.");
        }

        ReadOnlySpan<byte> taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
