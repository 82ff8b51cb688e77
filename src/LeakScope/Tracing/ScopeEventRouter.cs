using LeakScope.Cli.Model;
using LeakScope.Diagnostics;
using Microsoft.Diagnostics.Tracing;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Decodes the <c>LeakScope</c> provider's events from their raw payloads (docs/events.md) into a
/// tracker. An event that cannot be read is counted, never thrown: a bad event must not stop the
/// session, and a session that could not read everything must not claim a clean result.
/// </summary>
internal sealed class ScopeEventRouter(ScopeTracker tracker)
{
    private long _eventsRead;
    private long _recordsRead;
    private long _unreadable;
    private long _evidence;
    private readonly object _batchesLock = new();
    private long _batchesNumbered;
    private long _lowestBatch = long.MaxValue;
    private long _highestBatch = long.MinValue;

    // Compact batches are read into this one list (under the tracker's lock), not a new one each.
    private readonly List<ScopeRecord> _batchRecords = [];

    public long EventsRead => Volatile.Read(ref _eventsRead);

    /// <summary>When the last provider event happened in the target: "now" for a recorded file.</summary>
    public DateTime? LastEventTime { get; private set; }

    public int ProcessId { get; private set; }

    /// <summary>Enter and exit records read from full-mode batches; a paired record counts as both.</summary>
    public long RecordsRead => Volatile.Read(ref _recordsRead);

    /// <summary>
    /// Events that tell what scopes were open or closed: announcements, exits, abandonments, batches
    /// and completed snapshots. Without any, a recording cannot show a process to be clean.
    /// </summary>
    public long EvidenceEvents => Volatile.Read(ref _evidence);

    /// <summary>Events the router could not decode, and error messages from the provider itself.</summary>
    public long UnreadableEvents => Volatile.Read(ref _unreadable);

    /// <summary>
    /// Full-mode batches that never arrived although later ones did: their numbers (docs/events.md)
    /// left a gap between the lowest and highest seen. Batches may arrive out of order, so this is
    /// final only once the stream has ended; a loss after the last batch read leaves no gap.
    /// </summary>
    public long MissingBatches
    {
        get
        {
            lock (_batchesLock)
            {
                return _batchesNumbered == 0 ? 0 : Math.Max(0, _highestBatch - _lowestBatch + 1 - _batchesNumbered);
            }
        }
    }

    /// <summary>What the session or file is known to lack beyond the trace machinery's own count: undecodable events and missing batches.</summary>
    public long IncompleteEvents => UnreadableEvents + MissingBatches + tracker.DroppedEarlyExits;

    public unsafe void OnEvent(TraceEvent traceEvent)
    {
        if (traceEvent.ProviderGuid != ProviderIdentity.Guid && !string.Equals(traceEvent.ProviderName, ProviderIdentity.Name, StringComparison.Ordinal))
        {
            return;
        }

        Interlocked.Increment(ref _eventsRead);
        LastEventTime = traceEvent.TimeStamp.ToUniversalTime();
        ProcessId = traceEvent.ProcessID;
        TryApply((int)traceEvent.ID, new ReadOnlySpan<byte>((void*)traceEvent.DataStart, traceEvent.EventDataLength), traceEvent.TimeStamp.ToUniversalTime());
    }

    /// <summary>Applies one event; an event that cannot be read is counted instead of thrown.</summary>
    public void TryApply(int eventId, ReadOnlySpan<byte> payload, DateTime timestamp)
    {
        try
        {
            lock (tracker.Sync)
            {
                Apply(eventId, payload, timestamp);
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            Interlocked.Increment(ref _unreadable);
        }
    }

    private void Apply(int eventId, ReadOnlySpan<byte> payload, DateTime timestamp)
    {
        var reader = new PayloadReader(payload);
        if (eventId is EventIds.ScopeBatch or EventIds.CompactScopeBatch or EventIds.ScopeExited or EventIds.ScopeAbandoned or EventIds.ScopeAnnounced or EventIds.SnapshotCompleted)
        {
            Interlocked.Increment(ref _evidence);
        }

        switch (eventId)
        {
            case 0:
                // EventSourceMessage: the provider reports a failure of its own.
                Interlocked.Increment(ref _unreadable);
                break;
            case EventIds.ScopeBatch or EventIds.CompactScopeBatch:
                reader.ReadInt32();
                ReadOnlySpan<byte> batch = reader.ReadBytes();

                // A runtime before batch numbers ends the payload at the records, one before owners at the number.
                long? batchNumber = reader.HasMore ? reader.ReadInt64() : null;
                int recordFormat = reader.HasMore ? reader.ReadInt32() : 0;
                List<ScopeRecord> records = _batchRecords;
                long paired = 0;
                if (eventId == EventIds.CompactScopeBatch)
                {
                    paired = CompactRecords.ReadInto(batch, records, recordFormat);
                }
                else
                {
                    records = ScopeRecords.Read(batch);
                }

                if (batchNumber is { } number)
                {
                    OnBatchNumber(number);
                }

                // A paired record is a scope's enter and exit, a closed record n scopes': records as the rest of the contract counts them.
                Interlocked.Add(ref _recordsRead, records.Count + paired);
                tracker.OnRecords(records);
                break;
            case EventIds.ScopeExited:
                long exitedId = reader.ReadInt64();
                int outcome = reader.HasMore ? reader.ReadInt32() : 0;
                tracker.OnExited(exitedId, outcome, reader.HasMore ? reader.ReadString() : string.Empty);
                break;
            case EventIds.ScopeAbandoned:
                tracker.OnAbandoned(ReadDescription(ref reader) with { OwnerId = ReadOwnerId(ref reader) }, timestamp);
                break;
            case EventIds.ScopeAnnounced:
                tracker.OnAnnounced(ReadDescription(ref reader) with { OwnerId = ReadOwnerId(ref reader) });
                break;
            case EventIds.SnapshotStarted:
                tracker.OnSnapshotStarted(reader.ReadString(), reader.ReadInt32(), reader.ReadInt64());
                break;
            case EventIds.SnapshotScope:
                string nonce = reader.ReadString();
                tracker.OnSnapshotScope(nonce, ReadDescription(ref reader) with { OwnerId = ReadOwnerId(ref reader) });
                break;
            case EventIds.SnapshotBatch:
                string batchNonce = reader.ReadString();
                reader.ReadInt32();
                ReadOnlySpan<byte> listed = reader.ReadBytes();

                // A runtime before owners ends the payload at the records, whose format is then 0.
                int listedFormat = reader.HasMore ? reader.ReadInt32() : 0;
                var previous = default(RecordCursor);
                while (!listed.IsEmpty)
                {
                    tracker.OnSnapshotRecord(batchNonce, SnapshotRecords.Read(ref listed, ref previous, listedFormat));
                }

                break;
            case EventIds.SnapshotCompleted:
                string completed = reader.ReadString();
                int reason = reader.ReadInt32();
                long scopeCount = reader.ReadInt64();

                // Runtimes from before the record of abandoned scopes end the payload here (version 0).
                tracker.OnSnapshotCompleted(completed, reason, scopeCount, reader.HasMore ? reader.ReadInt64() : null);
                break;
            case EventIds.SnapshotAbandoned:
                reader.ReadString();
                ScopeDescription abandoned = ReadDescription(ref reader);
                DateTime abandonedAt = reader.ReadDateTime();
                tracker.OnAbandoned(abandoned with { OwnerId = ReadOwnerId(ref reader) }, abandonedAt);
                break;
            case EventIds.SnapshotAbandonedSite:
                tracker.OnAbandonedSite(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadString(), reader.ReadInt64());
                break;
            case EventIds.SiteSummary:
                string kind = reader.ReadString();
                string file = reader.ReadString();
                int line = reader.ReadInt32();
                string member = reader.ReadString();
                long openNow = reader.ReadInt64();
                long entered = reader.ReadInt64();
                long exited = reader.ReadInt64();
                long abandonedInInterval = reader.ReadInt64();
                tracker.OnSummary(kind, file, line, member, openNow, entered, exited, abandonedInInterval, reader.ReadDouble(), DateTime.UtcNow, timestamp);
                break;
            case EventIds.OwnerDefined:
                tracker.OnOwnerDefined(reader.ReadInt32(), reader.ReadString(), reader.ReadString());
                break;
            case EventIds.CallSiteDefined:
                tracker.OnSiteDefined(reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadString(), reader.ReadString());
                break;
            default:
                // An event from a newer runtime: ignoring it loses nothing this tool understands.
                break;
        }
    }

    private static ScopeDescription ReadDescription(ref PayloadReader reader) => new(
        Id: reader.ReadInt64(),
        Kind: reader.ReadString(),
        Name: reader.ReadString(),
        File: reader.ReadString(),
        Line: reader.ReadInt32(),
        Member: reader.ReadString(),
        ThreadId: reader.ReadInt32(),
        ParentId: reader.ReadInt64(),
        EnteredAt: reader.ReadDateTime(),
        Stack: reader.ReadString());

    /// <summary>The owner id that ends a describing event from version 1 on; 0 (unowned) for a runtime before owners.</summary>
    private static int ReadOwnerId(ref PayloadReader reader) => reader.HasMore ? reader.ReadInt32() : 0;

    private void OnBatchNumber(long number)
    {
        if (number <= 0)
        {
            // Numbers start at 1; a damaged one must not stretch or hide a gap.
            Interlocked.Increment(ref _unreadable);
            return;
        }

        lock (_batchesLock)
        {
            _batchesNumbered++;
            _lowestBatch = Math.Min(_lowestBatch, number);
            _highestBatch = Math.Max(_highestBatch, number);
        }
    }
}
