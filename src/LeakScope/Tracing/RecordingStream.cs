namespace LeakScope.Cli.Tracing;

/// <summary>
/// Reads an EventPipe stream through to its consumer, counting the bytes (how a session sees that a
/// target is still sending), and with a <paramref name="recording"/> writes every byte read to it, so
/// one session is both analysed live and kept as a .nettrace for later. A failed write (a full disk)
/// stops the recording but not the analysis, and is kept in <see cref="WriteFailure"/> for the command to report.
/// </summary>
internal sealed class RecordingStream(Stream source, Stream? recording) : Stream
{
    private long _read;
    private long _recorded;

    public long BytesRead => Interlocked.Read(ref _read);

    public long BytesRecorded => Interlocked.Read(ref _recorded);

    /// <summary>Why the recording stopped being written, if it did; the file is then incomplete.</summary>
    public Exception? WriteFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = source.Read(buffer, offset, count);
        Interlocked.Add(ref _read, read);
        if (read > 0 && recording is not null && WriteFailure is null)
        {
            try
            {
                recording.Write(buffer, offset, read);
                Interlocked.Add(ref _recorded, read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                WriteFailure = ex;
            }
        }

        return read;
    }

    public override void Flush()
    {
        if (recording is null || WriteFailure is not null)
        {
            return;
        }

        try
        {
            recording.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            WriteFailure = ex;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
