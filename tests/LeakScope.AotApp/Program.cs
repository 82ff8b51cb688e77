using System.Diagnostics;
using System.Runtime.CompilerServices;
using LeakScope;

// Usage: LeakScope.AotApp exit|kill|kill-abandoned|wait
//   exit: leaves one scope open, abandons one, and exits normally (the exit snapshot file);
//   kill: leaves one scope open and SIGKILLs itself (the state file);
//   kill-abandoned: as kill, after abandoning one (the state file only counts it);
//   wait: leaves one scope open, prints "ready" and waits for a line on stdin (for snapshot and monitor).
// AotAppTests finds the expected lines by their LEAK and ABANDONED markers.
string mode = args.Length > 0 ? args[0] : "exit";

using (Scope.Enter("file", "closed.txt"))
{
    // Exited: never reported.
}

ScopeHandle leaked = Scope.Enter("db-connection", "orders"); // LEAK
GC.KeepAlive(leaked);

if (mode is "exit" or "kill-abandoned")
{
    TrackAndDrop();

    // The runtime's sweep abandons the dropped scope after a collection sees it gone.
    DateTime deadline = DateTime.UtcNow.AddMinutes(1);
    while (Scope.GetOpenScopes().Any(scope => scope.Kind == "buffer") && DateTime.UtcNow < deadline)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Thread.Sleep(20);
    }
}

switch (mode)
{
    case "kill" or "kill-abandoned":
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
        break;
    case "wait":
        Console.WriteLine("ready");
        Console.ReadLine();
        break;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void TrackAndDrop() => _ = Scope.Track(new MemoryStream(), "buffer", "dropped"); // ABANDONED
