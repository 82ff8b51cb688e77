namespace LeakScope.Diagnostics;

/// <summary>
/// Full mode's per-thread buffers of enter/exit records. A full buffer is written as one
/// <c>ScopeBatch</c> event by its own thread, and the background worker flushes the rest every few
/// milliseconds. One event per batch instead of two per scope is what keeps full mode cheaper than
/// an Activity and within what an EventPipe consumer can ingest.
/// </summary>
/// <remarks>
/// A thread appends with no locked instruction: it marks its buffer as being written with a plain
/// store and checks that no flusher holds it. A flusher marks the buffers it takes, makes every
/// thread's stores visible at once with a process-wide barrier (<see cref="Interlocked.MemoryBarrierProcessWide"/>),
/// then waits for the writes it saw under way. Two locked instructions per enter/exit pair cost the
/// app more than the rest of the record (docs/performance.md); the barrier costs the worker a few
/// microseconds per flush.
/// </remarks>
internal sealed class ScopeBatcher : IDisposable
{
    public const int BatchCapacity = 16 * 1024;

    // The buffer this thread last wrote: a thread-static read, where ThreadLocal costs a lookup (it is
    // kept for threads that write to more than one batcher, as tests' runtimes do).
    [ThreadStatic]
    private static BatchBuffer? t_last;

    private readonly Action<int, byte[], int, bool> _write;
    private readonly Func<string?, string> _formatName;
    private volatile bool _compact;
    private volatile bool _paired;
    private volatile bool _closed;

    // Counts the sessions' name settings turning stricter; a buffer whose names were formatted under an
    // earlier count has them formatted again before it is written (BatchNameRewriter).
    private int _nameSettings;
    private readonly ThreadLocal<BatchBuffer> _local;
    private readonly List<BatchBuffer> _buffers = [];
    private readonly object _buffersLock = new();

    // Flushers (the worker, a session's command, the exit snapshot) take buffers one at a time.
    private readonly object _flushLock = new();

    /// <param name="write">Writes one batch: record count, buffer, length in bytes, whether its records are compact.</param>
    /// <param name="formatName">What a scope's name becomes in its entered record (the sessions' name settings); by default the name itself.</param>
    public ScopeBatcher(Action<int, byte[], int, bool> write, Func<string?, string>? formatName = null)
    {
        _write = write;
        _formatName = formatName ?? (name => name ?? string.Empty);
        _local = new ThreadLocal<BatchBuffer>(Register);
    }

    /// <summary>Whether every session reads compact records now; set when sessions change, read by every append.</summary>
    public bool Compact
    {
        get => _compact;
        set => _compact = value;
    }

    /// <summary>
    /// Whether every session reads paired records too (with compact ones only): an exit whose enter is
    /// still the buffer's last record turns that record into a pair, about a quarter fewer bytes per scope.
    /// </summary>
    public bool Paired
    {
        get => _paired;
        set => _paired = value;
    }

    /// <summary>Paired scopes are written as closed records (only their id and site), for sessions that read nothing else of them.</summary>
    public bool Closed
    {
        get => _closed;
        set => _closed = value;
    }

    /// <summary>
    /// The sessions' name settings turned stricter (a session asking for hashed or omitted names, or shorter
    /// ones, joined): names already encoded in buffers are formatted again before they are written, as
    /// the joining session receives those batches too. Called after the settings changed.
    /// </summary>
    public void NameSettingsTightened() => Interlocked.Increment(ref _nameSettings);

    /// <summary>
    /// Appends an entered record; its time (<c>enteredAtMs</c>) is the registry's clock, converted here only
    /// for the layout that needs it, and its name is formatted only when the record is written. With closed
    /// records the enter is held as fields until something else is appended: a scope that exits first is
    /// never encoded, only counted in a closed record.
    /// </summary>
    public void AppendEntered(long scopeId, int siteId, int threadId, long parentId, long enteredAtMs, string? name, int ownerId)
    {
        BatchBuffer buffer = Local();
        buffer.BeginWrite();
        try
        {
            if (UseCompact(buffer))
            {
                if (buffer.Closed)
                {
                    if (buffer.Held.ScopeId != 0)
                    {
                        WriteHeld(buffer);
                    }

                    buffer.Held = new HeldEnter(scopeId, siteId, threadId, parentId, enteredAtMs, name, ownerId);
                    return;
                }

                WriteCompactEntered(buffer, new HeldEnter(scopeId, siteId, threadId, parentId, enteredAtMs, name, ownerId));
            }
            else
            {
                FormatNamesAsNow(buffer);
                string formatted = _formatName(name);
                Span<byte> room = Reserve(buffer, ScopeRecords.EnteredSize(formatted));
                buffer.Length += ScopeRecords.WriteEntered(room, scopeId, siteId, threadId, parentId, Registry.ScopeClock.ToUtc(enteredAtMs), formatted);
                buffer.Count++;
            }
        }
        finally
        {
            buffer.EndWrite();
        }
    }

    private void WriteCompactEntered(BatchBuffer buffer, in HeldEnter enter)
    {
        FormatNamesAsNow(buffer);
        string name = _formatName(enter.Name);
        Span<byte> room = Reserve(buffer, CompactRecords.MaxSize(name));
        long unixMs = Registry.ScopeClock.ToUnixMilliseconds(enter.EnteredAtMs);
        int start = buffer.Length;
        buffer.Length += CompactRecords.WriteEntered(room, ref buffer.Cursor, enter.ScopeId, enter.SiteId, enter.ThreadId, enter.ParentId, unixMs, name, enter.OwnerId);
        buffer.LastEnteredAt = buffer.Paired ? start : -1;
        buffer.Count++;
    }

    /// <summary>Writes the held enter as an entered record: something else is appended after it, or the buffer is flushed.</summary>
    private void WriteHeld(BatchBuffer buffer)
    {
        HeldEnter held = buffer.Held;
        buffer.Held = default;
        WriteCompactEntered(buffer, held);
    }

    /// <summary>
    /// Appends an exited record, or ends the scope in one record with its enter: a closed record when its
    /// enter is still held, a pair when its entered record is the last one written. The duration is read
    /// only for a record that holds it.
    /// </summary>
    public void AppendExited(long scopeId, int outcome, long enteredAtMs, string exceptionType)
    {
        BatchBuffer buffer = Local();
        buffer.BeginWrite();
        try
        {
            if (UseCompact(buffer))
            {
                if (buffer.Held.ScopeId != 0)
                {
                    if (buffer.Held.ScopeId == scopeId && outcome == 0 && exceptionType.Length == 0)
                    {
                        int siteId = buffer.Held.SiteId;
                        buffer.Held = default;
                        Close(buffer, scopeId, siteId);
                        return;
                    }

                    WriteHeld(buffer);
                }

                if (buffer.LastEnteredAt >= 0
                    && buffer.Cursor.ScopeId == scopeId
                    && outcome == 0
                    && exceptionType.Length == 0
                    && buffer.Length + Varint.MaxSize <= BatchCapacity)
                {
                    // The enter is the last record and still here: one record for both, not a second one.
                    buffer.Length += CompactRecords.CompletePair(buffer.Data, buffer.LastEnteredAt, buffer.Length, Registry.ScopeClock.MillisecondsSince(enteredAtMs));

                    buffer.LastEnteredAt = -1;
                    return;
                }

                Span<byte> room = Reserve(buffer, CompactRecords.MaxSize(exceptionType));
                buffer.Length += CompactRecords.WriteExited(room, ref buffer.Cursor, scopeId, outcome, Registry.ScopeClock.MillisecondsSince(enteredAtMs), exceptionType);
                buffer.LastEnteredAt = -1;
            }
            else
            {
                Span<byte> room = Reserve(buffer, ScopeRecords.ExitedSize(exceptionType));
                buffer.Length += ScopeRecords.WriteExited(room, scopeId, outcome, Registry.ScopeClock.MillisecondsSince(enteredAtMs), exceptionType);
            }

            buffer.Count++;
        }
        finally
        {
            buffer.EndWrite();
        }
    }

    /// <summary>
    /// Appends a closed record of one scope whose enter was held, not written; when the last record is a
    /// closed record of the same site ending at the id before, that one's count grows instead, so a loop's
    /// scopes take a few bytes per batch, not per scope.
    /// </summary>
    private void Close(BatchBuffer buffer, long scopeId, int siteId)
    {
        if (buffer.ClosedEnd == buffer.Length
            && siteId == buffer.ClosedSite
            && scopeId == buffer.ClosedLastId + 1
            && buffer.ClosedCount < int.MaxValue
            && buffer.ClosedCountAt + Varint.MaxSize <= BatchCapacity)
        {
            buffer.ClosedCount++;
            buffer.Length = buffer.ClosedCountAt + CompactRecords.WriteClosedCount(buffer.Data.AsSpan(buffer.ClosedCountAt), buffer.ClosedCount);
            buffer.Cursor = buffer.Cursor with { ScopeId = scopeId };
        }
        else
        {
            Span<byte> room = Reserve(buffer, CompactRecords.ClosedMaxSize);
            buffer.Length += CompactRecords.WriteClosed(room, ref buffer.Cursor, scopeId, siteId);
            buffer.ClosedCountAt = buffer.Length - 1;
            buffer.ClosedSite = siteId;
            buffer.ClosedCount = 1;
            buffer.Count++;
        }

        buffer.ClosedLastId = scopeId;
        buffer.ClosedEnd = buffer.Length;
    }

    /// <summary>Writes every buffered record; buffers of threads that have exited are dropped once empty.</summary>
    public void FlushAll()
    {
        lock (_flushLock)
        {
            BatchBuffer[] buffers;
            lock (_buffersLock)
            {
                buffers = [.. _buffers];
            }

            if (buffers.Length == 0)
            {
                return;
            }

            foreach (BatchBuffer buffer in buffers)
            {
                buffer.MarkFlushing();
            }

            // Every thread's store marking a write under way is visible now, and every later write sees the marks.
            Interlocked.MemoryBarrierProcessWide();
            foreach (BatchBuffer buffer in buffers)
            {
                // Asked before the flush: a thread that had ended appends nothing after it, while one that
                // ends just after it may have appended its last records, which must wait for the next flush.
                bool ownerEnded = !buffer.Owner.IsAlive;
                try
                {
                    buffer.WaitForWriter();
                    Flush(buffer);
                }
                finally
                {
                    buffer.EndFlushing();
                }

                if (ownerEnded)
                {
                    lock (_buffersLock)
                    {
                        _buffers.Remove(buffer);
                    }
                }
            }
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>The layout sessions read now; a buffer holding the other one is written out first, as a batch has one layout.</summary>
    private bool UseCompact(BatchBuffer buffer)
    {
        bool compact = _compact;
        bool paired = compact && _paired;
        bool closed = paired && _closed;
        if (compact != buffer.Compact || paired != buffer.Paired || closed != buffer.Closed)
        {
            Flush(buffer);
            buffer.Compact = compact;
            buffer.Paired = paired;
            buffer.Closed = closed;
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
        if (buffer.Held.ScopeId != 0)
        {
            WriteHeld(buffer);
        }

        // An emptied buffer's next names are formatted under the settings read here; left stale, a buffer
        // that writes no name (closed records only) would be rewritten at every flush.
        int nameSettings = Volatile.Read(ref _nameSettings);
        if (buffer.Count == 0)
        {
            buffer.NameSettings = nameSettings;
            return;
        }

        try
        {
            if (buffer.NameSettings != nameSettings)
            {
                BatchNameRewriter.Write(buffer.Data, buffer.Length, buffer.Compact, _formatName, _write);
            }
            else
            {
                _write(buffer.Count, buffer.Data, buffer.Length, buffer.Compact);
            }
        }
        finally
        {
            buffer.Length = 0;
            buffer.Count = 0;
            buffer.Cursor = default;
            buffer.LastEnteredAt = -1;
            buffer.ClosedEnd = -1;
            buffer.NameSettings = nameSettings;
        }
    }

    /// <summary>
    /// Before a name is formatted into the buffer: names already in it, formatted under laxer settings, are
    /// written now (formatted again), so every name of a batch is formatted under the same settings. The
    /// count is read before the name is formatted, as the settings change before it does.
    /// </summary>
    private void FormatNamesAsNow(BatchBuffer buffer)
    {
        if (buffer.NameSettings != Volatile.Read(ref _nameSettings))
        {
            Flush(buffer);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private BatchBuffer Local()
    {
        BatchBuffer? last = t_last;
        return last is not null && last.Batcher == this ? last : t_last = _local.Value!;
    }

    private BatchBuffer Register()
    {
        var buffer = new BatchBuffer(this, Thread.CurrentThread);
        lock (_buffersLock)
        {
            _buffers.Add(buffer);
        }

        return buffer;
    }

    private sealed class BatchBuffer(ScopeBatcher batcher, Thread owner)
    {
        // 1 while the owner appends or flushes; written only by the owner.
        private int _writing;

        // 1 while a flusher holds the buffer; written only by flushers, under the batcher's flush lock.
        private int _flushing;

        public ScopeBatcher Batcher { get; } = batcher;

        public Thread Owner { get; } = owner;

        public byte[] Data { get; } = new byte[BatchCapacity];

        public int Length { get; set; }

        public int Count { get; set; }

        /// <summary>Whether the records buffered now are compact.</summary>
        public bool Compact { get; set; }

        /// <summary>Whether the compact records buffered now may be paired.</summary>
        public bool Paired { get; set; }

        /// <summary>Whether pairs buffered now are written as closed records.</summary>
        public bool Closed { get; set; }

        /// <summary>What the next compact record is written relative to; a field, as writers update it by reference.</summary>
        public RecordCursor Cursor;

        /// <summary>The name settings count its buffered names were formatted under.</summary>
        public int NameSettings;

        /// <summary>The enter held as fields, not yet written (scope id 0: none); only with closed records.</summary>
        public HeldEnter Held;

        /// <summary>Where the last closed record ends (-1: none in this batch), and its count's offset, site, count and last id.</summary>
        public int ClosedEnd = -1;

        public int ClosedCountAt;

        public int ClosedSite;

        public long ClosedCount;

        public long ClosedLastId;

        /// <summary>Where the last record starts when it is an entered record that may become a pair; -1 otherwise.</summary>
        public int LastEnteredAt = -1;

        /// <summary>The owner starts a write; plain stores and loads, made safe by the flusher's process-wide barrier.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void BeginWrite()
        {
            Volatile.Write(ref _writing, 1);
            if (Volatile.Read(ref _flushing) != 0)
            {
                WaitForFlusher();
            }
        }

        public void EndWrite() => Volatile.Write(ref _writing, 0);

        /// <summary>A flusher claims the buffer; it is its own only after the barrier and <see cref="WaitForWriter"/>.</summary>
        public void MarkFlushing() => Volatile.Write(ref _flushing, 1);

        public void WaitForWriter()
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref _writing) != 0)
            {
                spin.SpinOnce();
            }
        }

        public void EndFlushing() => Volatile.Write(ref _flushing, 0);

        private void WaitForFlusher()
        {
            var spin = default(SpinWait);
            do
            {
                // Stand aside while the flusher has the buffer, then claim it again; the flusher looks at
                // _writing only after marking, so a claim it may have missed is checked once more here.
                Volatile.Write(ref _writing, 0);
                while (Volatile.Read(ref _flushing) != 0)
                {
                    spin.SpinOnce();
                }

                Interlocked.Exchange(ref _writing, 1);
            }
            while (Volatile.Read(ref _flushing) != 0);
        }
    }

    /// <summary>An entered record's fields, kept until it is known whether the scope exits first.</summary>
    private readonly record struct HeldEnter(long ScopeId, int SiteId, int ThreadId, long ParentId, long EnteredAtMs, string? Name, int OwnerId);
}
