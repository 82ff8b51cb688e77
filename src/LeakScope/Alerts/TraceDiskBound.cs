namespace LeakScope.Cli.Alerts;

/// <summary>
/// What one triggered trace is written through, so that the triggered traces in the directory, this
/// one included, never hold more than <c>--trigger-max-bytes</c>: before a write would pass the bound,
/// earlier traces are removed, oldest first; when this trace alone would pass it, the rest of the
/// stream is dropped (the trace is cut there, and <c>leakscope report</c> reads it as partial). Once it
/// holds half the bound it asks for an early end (<c>halfFull</c>): the closing snapshot still to come
/// is about as large as the opening one this trace already holds, so it usually still fits.
/// </summary>
internal sealed class TraceDiskBound : Stream
{
    private readonly Stream _file;
    private readonly long _maxBytes;
    private readonly Queue<(string Path, long Bytes)> _earlier;
    private readonly Action<string> _removed;
    private readonly Action _halfFull;
    private bool _askedToEnd;
    private long _earlierBytes;
    private long _written;

    /// <param name="file">The trace's file.</param>
    /// <param name="maxBytes">The bound on the directory's triggered traces together.</param>
    /// <param name="earlier">The triggered traces already there, oldest first: removed in that order to make room.</param>
    /// <param name="removed">Told the path of each earlier trace removed.</param>
    /// <param name="halfFull">Called once, when this trace holds half the bound: it should end now, with its closing snapshot.</param>
    public TraceDiskBound(Stream file, long maxBytes, IEnumerable<string> earlier, Action<string> removed, Action halfFull)
    {
        _halfFull = halfFull;
        _file = file;
        _maxBytes = maxBytes;
        _removed = removed;
        _earlier = new Queue<(string, long)>(earlier.Select(path => (path, SizeOf(path))));
        _earlierBytes = _earlier.Sum(trace => trace.Bytes);
    }

    /// <summary>The trace would have passed the bound on its own: what came after <see cref="BytesWritten"/> was dropped.</summary>
    public bool Cut { get; private set; }

    public long BytesWritten => Interlocked.Read(ref _written);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Cut)
        {
            return;
        }

        while (_written + count + _earlierBytes > _maxBytes && _earlier.TryDequeue(out (string Path, long Bytes) oldest))
        {
            // A trace that cannot be removed still takes its room: this one is cut sooner instead.
            if (TryDelete(oldest.Path))
            {
                _earlierBytes -= oldest.Bytes;
                _removed(oldest.Path);
            }
        }

        int room = (int)Math.Min(count, Math.Max(_maxBytes - _earlierBytes - _written, 0));
        _file.Write(buffer, offset, room);
        Interlocked.Add(ref _written, room);
        Cut = room < count;
        if (_written * 2 >= _maxBytes && !_askedToEnd)
        {
            _askedToEnd = true;
            _halfFull();
        }
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
