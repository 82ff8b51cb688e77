namespace LeakScope.Cli.Tracing;

/// <summary>
/// Reads an EventPipe stream through to its consumer while writing every byte read to a file, so
/// one session is both analysed live and kept as a .nettrace for later. A failed write (a full disk)
/// stops the recording but not the analysis, and is kept in <see cref="WriteFailure"/> for the command to report.
/// </summary>
internal sealed class RecordingStream(Stream source, Stream recording) : Stream
{
    private long _recorded;

    public long BytesRecorded => Interlocked.Read(ref _recorded);

    /// <summary>Why the recording stopped being written, if it did; the file is then incomplete.</summary>
    public Exception? WriteFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRecorded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = source.Read(buffer, offset, count);
        if (read > 0 && WriteFailure is null)
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
        if (WriteFailure is not null)
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
