using LeakScope.Cli.Model;
using Microsoft.Diagnostics.Tracing;

namespace LeakScope.Cli.Tracing;

/// <summary>Reads a .nettrace file into a tracker: whatever can be read, and whether the file ended early.</summary>
internal static class TraceFileReader
{
    private const string RuntimeProvider = "Microsoft-DotNETCore-EventPipe";

    public static TraceFileContents Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new LeakScopeException(ReturnCode.NotATraceFile, $"{path} is a directory, not a trace file: give the .nettrace file in it.");
        }

        if (!File.Exists(path))
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"No such file: {path}");
        }

        var tracker = new ScopeTracker(nonce: string.Empty);
        var router = new ScopeEventRouter(tracker);
        EventPipeEventSource source;
        try
        {
            source = new EventPipeEventSource(path);
        }
        catch (Exception ex)
        {
            // OutOfMemoryException too: TraceEvent allocates arrays by the file's length fields, so a
            // damaged one asks for an impossible array; that is a bad file, not a failing tool.
            throw new LeakScopeException(ReturnCode.NotATraceFile, $"{path} is not a trace file (expected a .nettrace recorded by leakscope collect or dotnet-trace).", ex);
        }

        using (source)
        {
            source.AllEvents += router.OnEvent;

            // The runtime opens every session with its command line (EventPipe's ProcessInfo event),
            // which names the recorded process: no LeakScope event carries its name.
            string? commandLine = null;
            source.Dynamic.AddCallbackForProviderEvent(RuntimeProvider, "ProcessInfo", info => commandLine ??= CommandLineOf(info));
            bool partial = false;
            try
            {
                source.Process();
            }
            catch (Exception)
            {
                // A file cut short (a killed recorder, a partial copy) or damaged (even a length field
                // that makes TraceEvent ask for an impossible array): keep what was read.
                partial = true;
            }

            return new TraceFileContents(tracker, router.EventsRead, EventLoss.FromTraceEvent(source.EventsLost) + router.IncompleteEvents, partial, router.ProcessId, router.LastEventTime)
            {
                EvidenceEvents = router.EvidenceEvents,
                RecordsRead = router.RecordsRead,
                ProcessName = commandLine is null ? null : DotnetProcesses.NameFromCommandLine(commandLine),
            };
        }
    }

    private static string? CommandLineOf(TraceEvent processInfo)
    {
        try
        {
            return processInfo.PayloadByName("CommandLine") as string;
        }
        catch (Exception)
        {
            // A damaged event only costs the name: the scopes are read all the same.
            return null;
        }
    }
}
