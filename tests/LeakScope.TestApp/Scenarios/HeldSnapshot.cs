using System.Diagnostics.Tracing;
using System.Runtime.Loader;

namespace LeakScope.TestApp;

/// <summary>
/// "hold-snapshot", then "wait-held": a process that exits before an attached tool's snapshot is
/// complete, every time. "hold-snapshot" (before the first scope) listens to the LeakScope source in
/// process; when a tool's snapshot starts (a non-empty nonce), the listener, called on the runtime's
/// worker thread that writes it, holds that thread until the process exits. "wait-held" waits until it
/// is held. At exit EventPipe closes first, so the tool's stream ends without the snapshot's end; then
/// the handler registered here, ahead of the runtime's own, lets the worker go, so the runtime's exit
/// snapshot (which waits for the worker) is written as usual.
/// </summary>
internal static class HeldSnapshot
{
    private static readonly ManualResetEventSlim s_held = new();
    private static readonly ManualResetEventSlim s_exiting = new();
    private static SnapshotHolder? s_holder;

    public static void Hold(string[] args, TextWriter output)
    {
        // Registered before the runtime registers its own (at the first scope), so it runs first.
        AssemblyLoadContext.Default.Unloading += _ => s_exiting.Set();
        s_holder = new SnapshotHolder();
    }

    public static void WaitHeld(string[] args, TextWriter output)
    {
        if (!s_held.Wait(TimeSpan.FromMinutes(2)))
        {
            output.WriteLine("no tool's snapshot started");
        }
    }

    private sealed class SnapshotHolder : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "LeakScope")
            {
                // Lifecycle: the snapshot events.
                EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "SnapshotStarted" && eventData.Payload?[0] is string { Length: > 0 } && !s_held.IsSet)
            {
                s_held.Set();
                s_exiting.Wait();
            }
        }
    }
}
