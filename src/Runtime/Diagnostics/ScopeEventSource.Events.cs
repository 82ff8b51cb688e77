using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;

namespace LeakScope.Diagnostics;

/// <summary>The events of the <c>LeakScope</c> provider, written through WriteEventCore without boxing.</summary>
internal sealed partial class ScopeEventSource
{
    [Event(EventIds.ScopeBatch, Level = EventLevel.Informational, Keywords = Keywords.Full)]
    public void ScopeBatch(int recordCount, byte[] records, long batchSequence) => WriteBatch(recordCount, records, records.Length, compact: false);

    /// <summary>Full mode's records in the compact layout, for sessions that all asked for <c>BatchFormat=compact</c>.</summary>
    /// <remarks><paramref name="recordFormat"/> (from event version 1) is <see cref="SnapshotRecords.OwnerFormat"/>: entered records end with an owner id.</remarks>
    [Event(EventIds.CompactScopeBatch, Level = EventLevel.Informational, Keywords = Keywords.Full, Version = 1)]
    public void CompactScopeBatch(int recordCount, byte[] records, long batchSequence, int recordFormat) => WriteBatch(recordCount, records, records.Length, compact: true);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.ScopeExited, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle)]
    public unsafe void ScopeExited(long scopeId, int outcome, string exceptionType, double durationMs)
    {
        fixed (char* exceptionTypePtr = exceptionType)
        {
            EventData* data = stackalloc EventData[4];
            Set(data, 0, &scopeId, sizeof(long));
            Set(data, 1, &outcome, sizeof(int));
            Set(data, 2, exceptionTypePtr, exceptionType);
            Set(data, 3, &durationMs, sizeof(double));
            WriteEventCore(EventIds.ScopeExited, 4, data);
        }
    }

    [Event(EventIds.ScopeAbandoned, Level = EventLevel.Warning, Keywords = Keywords.Lifecycle | Keywords.Full, Version = 1)]
    public void ScopeAbandoned(long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack, int ownerId) =>
        WriteDescription(EventIds.ScopeAbandoned, nonce: null, scopeId, kind, name, file, line, member, threadId, parentId, enteredAt, stack, ownerId);

    [Event(EventIds.ScopeAnnounced, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle, Version = 1)]
    public void ScopeAnnounced(long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack, int ownerId) =>
        WriteDescription(EventIds.ScopeAnnounced, nonce: null, scopeId, kind, name, file, line, member, threadId, parentId, enteredAt, stack, ownerId);

    [Event(EventIds.SnapshotStarted, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public void SnapshotStarted(string nonce, int reason, long expectedCount) => WriteEvent(EventIds.SnapshotStarted, nonce, reason, expectedCount);

    [Event(EventIds.SnapshotScope, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full, Version = 1)]
    public void SnapshotScope(string nonce, long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack, int ownerId) =>
        WriteDescription(EventIds.SnapshotScope, nonce, scopeId, kind, name, file, line, member, threadId, parentId, enteredAt, stack, ownerId);

    /// <summary>Ends a snapshot; <paramref name="abandonedCount"/> (added in event version 1) is how many <c>SnapshotAbandoned</c> it wrote.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.SnapshotCompleted, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full, Version = 1)]
    public unsafe void SnapshotCompleted(string nonce, int reason, long scopeCount, long abandonedCount)
    {
        fixed (char* noncePtr = nonce)
        {
            EventData* data = stackalloc EventData[4];
            Set(data, 0, noncePtr, nonce);
            Set(data, 1, &reason, sizeof(int));
            Set(data, 2, &scopeCount, sizeof(long));
            Set(data, 3, &abandonedCount, sizeof(long));
            WriteEventCore(EventIds.SnapshotCompleted, 4, data);
        }
    }

    /// <summary>A scope abandoned before the snapshot, from its call site's record: the scope description, then when it was abandoned.</summary>
    [Event(EventIds.SnapshotAbandoned, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full, Version = 1)]
    public void SnapshotAbandoned(string nonce, long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack, DateTime abandonedAt, int ownerId) =>
        WriteDescription(EventIds.SnapshotAbandoned, nonce, scopeId, kind, name, file, line, member, threadId, parentId, enteredAt, stack, ownerId, abandonedAt);

    /// <summary>How many scopes were abandoned at a call site since the process started, and how many of them the snapshot listed.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.SnapshotAbandonedSite, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void SnapshotAbandonedSite(string nonce, string kind, string file, int line, string member, long abandoned, long listed)
    {
        fixed (char* noncePtr = nonce, kindPtr = kind, filePtr = file, memberPtr = member)
        {
            EventData* data = stackalloc EventData[7];
            Set(data, 0, noncePtr, nonce);
            Set(data, 1, kindPtr, kind);
            Set(data, 2, filePtr, file);
            Set(data, 3, &line, sizeof(int));
            Set(data, 4, memberPtr, member);
            Set(data, 5, &abandoned, sizeof(long));
            Set(data, 6, &listed, sizeof(long));
            WriteEventCore(EventIds.SnapshotAbandonedSite, 7, data);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.SiteSummary, Level = EventLevel.Informational, Keywords = Keywords.Summaries)]
    public unsafe void SiteSummary(string kind, string file, int line, string member, long openNow, long entered, long exited, long abandoned, double intervalMs)
    {
        fixed (char* kindPtr = kind, filePtr = file, memberPtr = member)
        {
            EventData* data = stackalloc EventData[9];
            Set(data, 0, kindPtr, kind);
            Set(data, 1, filePtr, file);
            Set(data, 2, &line, sizeof(int));
            Set(data, 3, memberPtr, member);
            Set(data, 4, &openNow, sizeof(long));
            Set(data, 5, &entered, sizeof(long));
            Set(data, 6, &exited, sizeof(long));
            Set(data, 7, &abandoned, sizeof(long));
            Set(data, 8, &intervalMs, sizeof(double));
            WriteEventCore(EventIds.SiteSummary, 9, data);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.CallSiteDefined, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void CallSiteDefined(int siteId, string kind, string file, int line, string member, string stack)
    {
        fixed (char* kindPtr = kind, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[6];
            Set(data, 0, &siteId, sizeof(int));
            Set(data, 1, kindPtr, kind);
            Set(data, 2, filePtr, file);
            Set(data, 3, &line, sizeof(int));
            Set(data, 4, memberPtr, member);
            Set(data, 5, stackPtr, stack);
            WriteEventCore(EventIds.CallSiteDefined, 6, data);
        }
    }

    /// <summary>Open scopes of a snapshot as entered records (docs/events.md), for sessions that asked for batched snapshots.</summary>
    /// <remarks><paramref name="recordFormat"/> (from event version 1) is <see cref="SnapshotRecords.OwnerFormat"/>: records end with an owner id.</remarks>
    [Event(EventIds.SnapshotBatch, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full, Version = 1)]
    public void SnapshotBatch(string nonce, int recordCount, byte[] records, int recordFormat) => WriteSnapshotBatch(nonce, recordCount, records, records.Length);

    /// <summary>Names an owner (<c>Scope.Own</c>) before the first event or record that carries its id.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    [Event(EventIds.OwnerDefined, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full)]
    public unsafe void OwnerDefined(int ownerId, string kind, string name)
    {
        fixed (char* kindPtr = kind, namePtr = name)
        {
            EventData* data = stackalloc EventData[3];
            Set(data, 0, &ownerId, sizeof(int));
            Set(data, 1, kindPtr, kind);
            Set(data, 2, namePtr, name);
            WriteEventCore(EventIds.OwnerDefined, 3, data);
        }
    }

    [NonEvent]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    internal unsafe void WriteSnapshotBatch(string nonce, int recordCount, byte[] records, int length)
    {
        int recordFormat = SnapshotRecords.OwnerFormat;
        fixed (char* noncePtr = nonce)
        fixed (byte* recordsPtr = records)
        {
            EventData* data = stackalloc EventData[5];
            Set(data, 0, noncePtr, nonce);
            Set(data, 1, &recordCount, sizeof(int));
            Set(data, 2, &length, sizeof(int));
            Set(data, 3, recordsPtr, length);
            Set(data, 4, &recordFormat, sizeof(int));
            WriteEventCore(EventIds.SnapshotBatch, 5, data);
        }
    }

    [Event(EventIds.Heartbeat, Level = EventLevel.Informational, Keywords = Keywords.Lifecycle | Keywords.Full | Keywords.Summaries)]
    public void Heartbeat() => WriteEvent(EventIds.Heartbeat);

    /// <summary>
    /// The scope description shared by ScopeAbandoned, ScopeAnnounced, SnapshotScope and
    /// SnapshotAbandoned, after the nonce if any, then the abandon time if any, then the owner id
    /// (event version 1: last, so a reader of version 0 payloads finds the fields it knows in place).
    /// </summary>
    [NonEvent]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = PrimitivePayload)]
    private unsafe void WriteDescription(int eventId, string? nonce, long scopeId, string kind, string name, string file, int line, string member, int threadId, long parentId, DateTime enteredAt, string stack, int ownerId, DateTime? abandonedAt = null)
    {
        long enteredAtFileTime = enteredAt.ToFileTimeUtc();
        long abandonedAtFileTime = abandonedAt?.ToFileTimeUtc() ?? 0;
        int first = nonce is null ? 0 : 1;
        fixed (char* noncePtr = nonce, kindPtr = kind, namePtr = name, filePtr = file, memberPtr = member, stackPtr = stack)
        {
            EventData* data = stackalloc EventData[13];
            if (nonce is not null)
            {
                Set(data, 0, noncePtr, nonce);
            }

            Set(data, first, &scopeId, sizeof(long));
            Set(data, first + 1, kindPtr, kind);
            Set(data, first + 2, namePtr, name);
            Set(data, first + 3, filePtr, file);
            Set(data, first + 4, &line, sizeof(int));
            Set(data, first + 5, memberPtr, member);
            Set(data, first + 6, &threadId, sizeof(int));
            Set(data, first + 7, &parentId, sizeof(long));
            Set(data, first + 8, &enteredAtFileTime, sizeof(long));
            Set(data, first + 9, stackPtr, stack);
            int count = first + 10;
            if (abandonedAt is not null)
            {
                Set(data, count++, &abandonedAtFileTime, sizeof(long));
            }

            Set(data, count++, &ownerId, sizeof(int));

            WriteEventCore(eventId, count, data);
        }
    }
}
