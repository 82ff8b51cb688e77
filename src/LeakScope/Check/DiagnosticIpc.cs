using System.Buffers.Binary;

namespace LeakScope.Cli.Check;

/// <summary>
/// The few messages of the .NET diagnostics IPC protocol that a reverse (connect-mode) diagnostic
/// port needs: the runtime's advertisement when it connects, the command that lets it start, and
/// the one that tells its command line.
/// NETCore.Client implements the same protocol but keeps its reverse server internal.
/// </summary>
internal static class DiagnosticIpc
{
    private const int HeaderSize = 20;
    private const byte ProcessCommandSet = 0x04;
    private const byte ProcessInfo2Command = 0x04;
    private const byte ResumeRuntimeCommand = 0x01;
    private const byte ServerCommandSet = 0xFF;
    private const byte ServerOk = 0x00;

    private static ReadOnlySpan<byte> AdvertiseMagic => "ADVR_V1\0"u8;

    private static ReadOnlySpan<byte> HeaderMagic => "DOTNET_IPC_V1\0"u8;

    /// <summary>Magic, 16-byte runtime cookie, 8-byte pid, 2 reserved bytes.</summary>
    public const int AdvertiseSize = 34;

    /// <summary>Reads the advertisement a runtime sends first on every connection it opens to the port.</summary>
    public static async Task<(int Pid, Guid Cookie)> ReadAdvertiseAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[AdvertiseSize];
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!buffer.AsSpan(0, AdvertiseMagic.Length).SequenceEqual(AdvertiseMagic))
        {
            throw new InvalidDataException("The connection did not start with a .NET runtime advertisement.");
        }

        var cookie = new Guid(buffer.AsSpan(8, 16));
        ulong pid = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(24, 8));
        return (checked((int)pid), cookie);
    }

    /// <summary>Tells a runtime paused at start-up on this connection's port to go on; throws if it refuses.</summary>
    public static async Task ResumeRuntimeAsync(Stream stream, CancellationToken cancellationToken) =>
        await SendAsync(stream, ResumeRuntimeCommand, "resume", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// What the runtime tells of its process (ProcessInfo2: pid, cookie, then length-prefixed UTF-16
    /// strings: command line, OS, architecture, entry assembly, runtime version), for a process /proc
    /// cannot show: one in another container. A runtime paused at start-up knows only its host's path
    /// as its command line, but already knows the entry assembly.
    /// </summary>
    public static async Task<(string CommandLine, string EntryAssembly)> ReadProcessInfoAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] payload = await SendAsync(stream, ProcessInfo2Command, "process info", cancellationToken).ConfigureAwait(false);
        int offset = 8 + 16;
        string[] strings = new string[4];
        for (int i = 0; i < strings.Length; i++)
        {
            if (payload.Length - offset < 4)
            {
                throw new InvalidDataException("The runtime's process information is cut short.");
            }

            long characters = BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(offset, 4));
            offset += 4;
            if (characters * 2 > payload.Length - offset)
            {
                throw new InvalidDataException("The runtime's process information is cut short.");
            }

            strings[i] = System.Text.Encoding.Unicode.GetString(payload, offset, (int)characters * 2).TrimEnd('\0');
            offset += (int)characters * 2;
        }

        return (strings[0], strings[3]);
    }

    /// <summary>Sends a command of the process command set and returns the payload of its OK answer.</summary>
    private static async Task<byte[]> SendAsync(Stream stream, byte command, string what, CancellationToken cancellationToken)
    {
        byte[] request = new byte[HeaderSize];
        WriteHeader(request, ProcessCommandSet, command, HeaderSize);
        await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        byte[] header = new byte[HeaderSize];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, HeaderMagic.Length).SequenceEqual(HeaderMagic) || header[16] != ServerCommandSet)
        {
            throw new InvalidDataException($"The runtime answered the {what} command with something else than a diagnostics response.");
        }

        int size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14, 2));
        byte[] payload = new byte[Math.Max(size - HeaderSize, 0)];
        await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        if (header[17] != ServerOk)
        {
            uint error = payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : 0;
            throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The runtime refused the {what} command (0x{error:X8})."));
        }

        return payload;
    }

    private static void WriteHeader(Span<byte> destination, byte commandSet, byte command, int size)
    {
        HeaderMagic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], checked((ushort)size));
        destination[16] = commandSet;
        destination[17] = command;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[18..], 0);
    }
}
