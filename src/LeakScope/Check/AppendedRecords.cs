using System.Buffers.Binary;

namespace LeakScope.Cli.Check;

/// <summary>
/// The records a runtime appends to a state file's side files (sites, owners, parent links), each a
/// little-endian length and then its bytes (docs/events.md). Whole records only: the process may have
/// died while appending the last one, so reading stops at a length below the smallest record or past
/// the end.
/// </summary>
internal ref struct AppendedRecords(byte[] bytes, int minLength)
{
    private int _at;

    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>The side file's bytes; none when the process never wrote it.</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    public readonly AppendedRecords GetEnumerator() => this;

    public bool MoveNext()
    {
        if (bytes.Length - _at < sizeof(int))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(_at));
        if (length < minLength || length > bytes.Length - _at - sizeof(int))
        {
            return false;
        }

        Current = bytes.AsSpan(_at + sizeof(int), length);
        _at += sizeof(int) + length;
        return true;
    }
}
