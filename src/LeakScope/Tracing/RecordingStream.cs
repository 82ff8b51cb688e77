namespace LeakScope.Cli.Tracing;

/// <summary>
/// Reads an EventPipe stream through to its consumer while writing every byte read to a file, so
/// one session is both analysed live and kept as a .nettrace for later.
/// </summary>
internal sealed class RecordingStream(Stream source, Stream recording) : Stream
{
    private long _recorded;

    public long BytesRecorded => Interlocked.Read(ref _recorded);

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
        if (read > 0)
        {
            recording.Write(buffer, offset, read);
            Interlocked.Add(ref _recorded, read);
        }

        return read;
    }

    public override void Flush() => recording.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
