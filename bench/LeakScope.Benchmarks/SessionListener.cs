using System.Diagnostics.Tracing;

namespace LeakScope.Benchmarks;

/// <summary>An in-process session on the LeakScope provider that counts what it receives.</summary>
internal sealed class SessionListener : EventListener
{
    public long Received { get; private set; }

    public static SessionListener Start(EventKeywords keywords, Dictionary<string, string?> arguments)
    {
        var listener = new SessionListener();
        listener.EnableEvents(ScopeRuntime.Default.Events, EventLevel.Verbose, keywords, arguments);
        return listener;
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData) => Received++;
}
