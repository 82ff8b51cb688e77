using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LeakScope.Cli.Check;

/// <summary>
/// The keeper of check's diagnostic port (<c>leakscope __keep-port</c>, started by check, hidden):
/// if check dies (SIGKILL, OOM killer), nothing would answer the port, and every .NET process the
/// command still starts would wait paused at start-up forever. The keeper waits for check to end:
/// told that check cleaned up, it exits; otherwise (end of its standard input without that word:
/// check died, or handed the port over because processes outlived the command) it serves the port
/// itself, resuming every runtime that connects, for as long as any process carries the port in its
/// environment or stays connected, then removes check's directory. It runs in a session of its own,
/// so a Ctrl+C meant for check does not stop it, and writes nothing; SIGTERM ends it at once.
/// </summary>
internal static partial class PortKeeper
{
    public const string CommandName = "__keep-port";

    /// <summary>What check writes to the keeper when it removed its directory itself: nothing is left to keep.</summary>
    public const string ReleaseWord = "release";

    private static readonly TimeSpan s_scanInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string root, string portName, TextReader fromCheck, CancellationToken stop)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetSid();
        }

        if (CheckDirectory.Open(root, portName) is not { } directory)
        {
            return (int)ReturnCode.UsageError;
        }

        try
        {
            // The console reader blocks: read on a thread of its own so that SIGTERM still ends the wait.
            Task<string?> reading = Task.Run(fromCheck.ReadLine, CancellationToken.None);
            while (await reading.WaitAsync(stop).ConfigureAwait(false) is { } line)
            {
                if (line == ReleaseWord)
                {
                    return (int)ReturnCode.Clean;
                }

                reading = Task.Run(fromCheck.ReadLine, CancellationToken.None);
            }

            await KeepAsync(directory, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (int)ReturnCode.Interrupted;
        }

        return (int)ReturnCode.Clean;
    }

    private static async Task KeepAsync(CheckDirectory directory, CancellationToken stop)
    {
        DiagnosticPortServer port;
        try
        {
            port = DiagnosticPortServer.TakeOver(directory.PortPath, runtime => runtime.TryResumeAsync(CancellationToken.None));
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            // The directory is gone: check removed it before it died, and nothing can connect any more.
            return;
        }

        await using (port.ConfigureAwait(false))
        {
            do
            {
                await Task.Delay(s_scanInterval, stop).ConfigureAwait(false);
            }
            while (PortCarriers.Any(directory.PortPath) || port.AnyRuntimeConnected());
        }

        directory.Delete();
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
