using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

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

    /// <summary>Waits until an event matches, failing the test after a generous timeout.</summary>
    public EventWrittenEventArgs WaitFor(string eventName, Func<EventWrittenEventArgs, bool>? match = null)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            EventWrittenEventArgs? found = Named(eventName).FirstOrDefault(e => match is null || match(e));
            if (found is not null)
            {
                return found;
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"No {eventName} event arrived within {Patience.TotalSeconds} s.");
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
