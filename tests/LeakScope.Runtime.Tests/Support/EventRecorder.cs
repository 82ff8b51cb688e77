using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Tests.Support;

/// <summary>An in-process session: records what one provider writes and waits on conditions.</summary>
internal sealed class EventRecorder : EventListener
{
    private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static EventRecorder Start(EventSource source, EventKeywords keywords, Dictionary<string, string?>? arguments = null)
    {
        var recorder = new EventRecorder();
        recorder.EnableEvents(source, EventLevel.Verbose, keywords, arguments);
        return recorder;
    }

    public IReadOnlyList<EventWrittenEventArgs> Events => _events.ToArray();

    public IEnumerable<EventWrittenEventArgs> Named(string eventName) => Events.Where(e => e.EventName == eventName);

    /// <summary>Full-mode records from every ScopeBatch and CompactScopeBatch event so far, in order; a paired record as its enter and its exit.</summary>
    public IReadOnlyList<ScopeRecord> Records =>
        Events.Where(e => e.EventName is "ScopeBatch" or "CompactScopeBatch")
            .SelectMany(e => e.EventName == "ScopeBatch" ? ScopeRecords.Read((byte[])e.Payload![1]!) : CompactRecords.ReadUnpaired((byte[])e.Payload![1]!))
            .ToList();

    /// <summary>The compact records as written, paired records as such.</summary>
    public IReadOnlyList<ScopeRecord> CompactRecordsAsWritten =>
        Named("CompactScopeBatch").SelectMany(e => CompactRecords.Read((byte[])e.Payload![1]!)).ToList();

    /// <summary>Waits until an event matches, failing the test after a generous timeout.</summary>
    public EventWrittenEventArgs WaitFor(string eventName, Func<EventWrittenEventArgs, bool>? match = null) =>
        WaitUntil(() => Named(eventName).FirstOrDefault(e => match is null || match(e)), $"{eventName} event");

    public ScopeRecord WaitForRecord(ScopeRecordKind kind, long scopeId) =>
        WaitUntil(() => Records.Where(r => r.Kind == kind && r.ScopeId == scopeId).Cast<ScopeRecord?>().FirstOrDefault(), $"{kind} record for scope {scopeId}")!.Value;

    /// <summary>The CallSiteDefined event for a site id seen in records.</summary>
    public EventWrittenEventArgs SiteOf(int siteId) => WaitFor("CallSiteDefined", e => e.Get<int>("siteId") == siteId);

    public T WaitUntil<T>(Func<T?> probe, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            T? found = probe();
            if (found is not null)
            {
                return found;
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"No {what} arrived within {Patience.TotalSeconds} s.");
            _arrived.Wait(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for this session's snapshot to finish and returns the scopes it listed.</summary>
    public List<EventWrittenEventArgs> WaitForSnapshot(string nonce)
    {
        WaitFor("SnapshotCompleted", e => (string?)e.Payload![0] == nonce);
        return Named("SnapshotScope").Where(e => (string?)e.Payload![0] == nonce).ToList();
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        _events.Enqueue(eventData);
        _arrived.Release();
    }
}
