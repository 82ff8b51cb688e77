using System.Buffers.Binary;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damages byte inputs the way hostile or broken files do: bit flips, replaced bytes, truncation,
/// inserted and deleted runs, length fields set to absurd values, or plain random bytes. Seeded, so a
/// failing input is reproduced from its seed and case number alone.
/// </summary>
internal sealed class ByteMutator(int seed)
{
    /// <summary>Values that break parsers more often than random ones: zero, sign bits, all ones.</summary>
    private static readonly byte[] s_interestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, (byte)'"', (byte)'{', (byte)'[', (byte)'\\'];

    private static readonly long[] s_oversizedLengths = [-1, int.MinValue, int.MaxValue, ushort.MaxValue, 0x1000_0000, 1 << 20, long.MaxValue, long.MinValue];

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to three mutations of <paramref name="original"/>; the result always differs from it.</summary>
    public byte[] Mutate(byte[] original, out string description)
    {
        byte[] current = original;
        var steps = new List<string>();
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count || current.AsSpan().SequenceEqual(original); i++)
        {
            current = MutateOnce(current, out string step);
            steps.Add(step);
        }

        description = string.Join(", ", steps);
        return current;
    }

    private byte[] MutateOnce(byte[] input, out string description)
    {
        if (input.Length == 0)
        {
            description = "random bytes into empty input";
            return RandomBytes(1 + _random.Next(64));
        }

        int at = _random.Next(input.Length);
        byte[] output;
        switch (_random.Next(8))
        {
            case 0:
                output = [.. input];
                int bit = _random.Next(8);
                output[at] ^= (byte)(1 << bit);
                description = $"flip bit {bit} at {at}";
                return output;
            case 1:
                output = [.. input];
                output[at] = s_interestingBytes[_random.Next(s_interestingBytes.Length)];
                description = $"byte {output[at]:X2} at {at}";
                return output;
            case 2:
                output = [.. input];
                output[at] = (byte)_random.Next(256);
                description = $"random byte at {at}";
                return output;
            case 3:
                description = $"truncate to {at}";
                return input[..at];
            case 4:
                byte[] inserted = RandomBytes(1 + _random.Next(16));
                description = $"insert {inserted.Length} bytes at {at}";
                return [.. input[..at], .. inserted, .. input[at..]];
            case 5:
                int length = 1 + _random.Next(Math.Min(64, input.Length - at));
                description = $"delete {length} bytes at {at}";
                return [.. input[..at], .. input[(at + length)..]];
            case 6:
                return OversizedLength(input, at, out description);
            default:
                output = [.. input];
                int run = Math.Min(1 + _random.Next(32), input.Length - at);
                _random.NextBytes(output.AsSpan(at, run));
                description = $"{run} random bytes at {at}";
                return output;
        }
    }

    /// <summary>Overwrites what could be a length or count field with a huge, negative or sign-bit value.</summary>
    private byte[] OversizedLength(byte[] input, int at, out string description)
    {
        byte[] output = [.. input];
        long value = s_oversizedLengths[_random.Next(s_oversizedLengths.Length)];
        int width = _random.Next(3) switch { 0 => 2, 1 => 4, _ => 8 };
        at = Math.Max(0, Math.Min(at, output.Length - width));
        Span<byte> field = output.AsSpan(at, Math.Min(width, output.Length - at));
        Span<byte> encoded = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(encoded, value);
        encoded[..field.Length].CopyTo(field);
        description = $"length {value} as {field.Length} bytes at {at}";
        return output;
    }
}
