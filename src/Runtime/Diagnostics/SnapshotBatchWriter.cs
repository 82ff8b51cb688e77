using System.Diagnostics;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// Writes one snapshot's open scopes as <c>SnapshotBatch</c> events of binary records, defining each
/// call site before its first record, and paces them. EventPipe does not slow a writer down: when a
/// session's buffer is full it drops events. An event per scope made a million open scopes about
/// 250 MB that the session had to buffer in the target, and the tool lost a fifth of them anyway;
/// records are a tenth of that, and the pace keeps what waits in the buffer far below its size.
/// </summary>
internal sealed class SnapshotBatchWriter
{
    /// <summary>A batch is written once it holds this many bytes.</summary>
    public const int BatchCapacity = 16 * 1024;

    /// <summary>Written at once before pacing starts; a quarter of the smallest buffer the tool asks for.</summary>
    public const long BurstBytes = 8L * 1024 * 1024;

    /// <summary>The pace after the burst: a million scopes with short names in about half a second.</summary>
    public const long BytesPerSecond = 32L * 1024 * 1024;

    private const int MaxNameLength = NameFormatter.MaxNameLength + 64;
    private const int MaxRecordSize = SnapshotRecords.MaxFixedSize + (3 * (MaxNameLength + 1));

    private readonly ScopeEventSource _events;
    private readonly string _nonce;
    private readonly byte[] _buffer = new byte[BatchCapacity + MaxRecordSize];
    private readonly HashSet<int> _definedSites = [];
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private RecordCursor _previous;
    private int _length;
    private int _count;
    private long _written;

    public SnapshotBatchWriter(ScopeEventSource events, string nonce)
    {
        _events = events;
        _nonce = nonce;
    }

    /// <summary>Adds a scope; never writes a batch, so it can run while the scope's slot is held.</summary>
    public void Add(in ScopeDescription scope, string name)
    {
        if (_definedSites.Add(scope.Site.Id))
        {
            _events.DefineSite(scope.Site);
        }

        _events.DefineOwnerOnce(scope.OwnerId);

        if (name.Length > MaxNameLength)
        {
            // Names come capped (NameFormatter); this only keeps a record within the buffer's spare room.
            name = name[..MaxNameLength];
        }

        _length += SnapshotRecords.Write(
            _buffer.AsSpan(_length),
            ref _previous,
            scope.Id,
            scope.Site.Id,
            scope.ThreadId,
            scope.ParentId,
            ScopeClock.ToUnixMilliseconds(scope.EnteredAtMs),
            name,
            scope.OwnerId);
        _count++;
    }

    /// <summary>Writes the batch once it is full, then waits as long as the pace asks.</summary>
    public void WriteIfFull()
    {
        if (_length >= BatchCapacity)
        {
            Write();
            Pace();
        }
    }

    /// <summary>Writes what is left.</summary>
    public void Complete()
    {
        if (_count > 0)
        {
            Write();
        }
    }

    private void Write()
    {
        _events.WriteSnapshotBatch(_nonce, _count, _buffer, _length);
        _written += _length;
        _length = 0;
        _count = 0;
        _previous = default;
    }

    private void Pace()
    {
        if (_written <= BurstBytes)
        {
            return;
        }

        TimeSpan due = TimeSpan.FromSeconds((double)(_written - BurstBytes) / BytesPerSecond);
        TimeSpan ahead = due - _elapsed.Elapsed;
        if (ahead > TimeSpan.FromMilliseconds(1))
        {
            Thread.Sleep(ahead);
        }
    }
}
