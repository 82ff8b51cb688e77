namespace LeakScope.Diagnostics;

/// <summary>
/// Full mode's per-thread buffers of enter/exit records. A thread appends under its own buffer's
/// flag (never contended but for a flush); a full buffer is written as one <c>ScopeBatch</c> event,
/// and the background worker flushes the rest every few milliseconds. One event per batch instead
/// of two per scope is what keeps full mode cheaper than an Activity and within what an EventPipe
/// consumer can ingest.
/// </summary>
internal sealed class ScopeBatcher : IDisposable
{
    public const int BatchCapacity = 16 * 1024;

    private readonly Action<int, byte[], int, bool> _write;
    private volatile bool _compact;
    private readonly ThreadLocal<BatchBuffer> _local;
    private readonly List<BatchBuffer> _buffers = [];
    private readonly object _buffersLock = new();

    /// <param name="write">Writes one batch: record count, buffer, length in bytes, whether its records are compact.</param>
    public ScopeBatcher(Action<int, byte[], int, bool> write)
    {
        _write = write;
        _local = new ThreadLocal<BatchBuffer>(Register);
    }

    /// <summary>Whether every session reads compact records now; set when sessions change, read by every append.</summary>
    public bool Compact
    {
        get => _compact;
        set => _compact = value;
    }

    public void AppendEntered(long scopeId, int siteId, int threadId, long parentId, DateTime enteredAt, string name, int ownerId)
    {
        BatchBuffer buffer = _local.Value!;
        buffer.Acquire();
        try
        {
            if (UseCompact(buffer))
            {
                Span<byte> room = Reserve(buffer, CompactRecords.MaxSize(name));
                long unixMs = (enteredAt.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
                buffer.Length += CompactRecords.WriteEntered(room, ref buffer.Cursor, scopeId, siteId, threadId, parentId, unixMs, name, ownerId);
            }
            else
            {
                Span<byte> room = Reserve(buffer, ScopeRecords.EnteredSize(name));
                buffer.Length += ScopeRecords.WriteEntered(room, scopeId, siteId, threadId, parentId, enteredAt, name);
            }

            buffer.Count++;
        }
        finally
        {
            buffer.Release();
        }
    }

    public void AppendExited(long scopeId, int outcome, double durationMs, string exceptionType)
    {
        BatchBuffer buffer = _local.Value!;
        buffer.Acquire();
        try
        {
            if (UseCompact(buffer))
            {
                Span<byte> room = Reserve(buffer, CompactRecords.MaxSize(exceptionType));
                buffer.Length += CompactRecords.WriteExited(room, ref buffer.Cursor, scopeId, outcome, durationMs, exceptionType);
            }
            else
            {
                Span<byte> room = Reserve(buffer, ScopeRecords.ExitedSize(exceptionType));
                buffer.Length += ScopeRecords.WriteExited(room, scopeId, outcome, durationMs, exceptionType);
            }

            buffer.Count++;
        }
        finally
        {
            buffer.Release();
        }
    }

    /// <summary>Writes every buffered record; buffers of threads that have exited are dropped once empty.</summary>
    public void FlushAll()
    {
        BatchBuffer[] buffers;
        lock (_buffersLock)
        {
            buffers = [.. _buffers];
        }

        foreach (BatchBuffer buffer in buffers)
        {
            buffer.Acquire();
            try
            {
                Flush(buffer);
            }
            finally
            {
                buffer.Release();
            }

            if (!buffer.Owner.IsAlive)
            {
                lock (_buffersLock)
                {
                    _buffers.Remove(buffer);
                }
            }
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>The layout sessions read now; a buffer holding the other one is written out first, as a batch has one layout.</summary>
    private bool UseCompact(BatchBuffer buffer)
    {
        bool compact = _compact;
        if (compact != buffer.Compact)
        {
            Flush(buffer);
            buffer.Compact = compact;
        }

        return compact;
    }

    private Span<byte> Reserve(BatchBuffer buffer, int size)
    {
        if (buffer.Length + size > BatchCapacity)
        {
            Flush(buffer);
        }

        return buffer.Data.AsSpan(buffer.Length, size);
    }

    private void Flush(BatchBuffer buffer)
    {
        if (buffer.Count == 0)
        {
            return;
        }

        try
        {
            _write(buffer.Count, buffer.Data, buffer.Length, buffer.Compact);
        }
        finally
        {
            buffer.Length = 0;
            buffer.Count = 0;
            buffer.Cursor = default;
        }
    }

    private BatchBuffer Register()
    {
        var buffer = new BatchBuffer(Thread.CurrentThread);
        lock (_buffersLock)
        {
            _buffers.Add(buffer);
        }

        return buffer;
    }

    private sealed class BatchBuffer(Thread owner)
    {
        private int _busy;

        public Thread Owner { get; } = owner;

        public byte[] Data { get; } = new byte[BatchCapacity];

        public int Length { get; set; }

        public int Count { get; set; }

        /// <summary>Whether the records buffered now are compact.</summary>
        public bool Compact { get; set; }

        /// <summary>What the next compact record is written relative to; a field, as writers update it by reference.</summary>
        public RecordCursor Cursor;

        public void Acquire()
        {
            var spin = default(SpinWait);
            while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            {
                spin.SpinOnce();
            }
        }

        public void Release() => Volatile.Write(ref _busy, 0);
    }
}
