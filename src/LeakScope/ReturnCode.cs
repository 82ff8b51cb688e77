namespace LeakScope.Cli;

/// <summary>Exit codes of every command; the table in README.md and in --help is this enum.</summary>
internal enum ReturnCode
{
    /// <summary>The run finished and found no leak.</summary>
    Clean = 0,

    /// <summary>The run finished and found scopes entered and never exited.</summary>
    LeaksFound = 1,

    /// <summary>Events were lost or the target was not observed fully: neither clean nor leaks can be claimed.</summary>
    Inconclusive = 2,

    /// <summary>A bad argument or flag value.</summary>
    UsageError = 3,

    /// <summary>No process has that pid or name.</summary>
    TargetNotFound = 4,

    /// <summary>The process is not a .NET process, or its diagnostics are disabled.</summary>
    TargetNotAttachable = 5,

    /// <summary>The process belongs to another user.</summary>
    PermissionDenied = 6,

    /// <summary>The process does not use LeakScope.Runtime: the provider did not answer in time.</summary>
    ProviderNotFound = 7,

    /// <summary>The target exited before the command could report.</summary>
    TargetExited = 8,

    /// <summary>The process did not respond to the diagnostic connection in time: hung or stopped.</summary>
    TargetNotResponding = 9,

    /// <summary>The file is not a trace (empty, garbage, another format, or a directory).</summary>
    NotATraceFile = 10,

    /// <summary>The trace file is cut short: what could be read was reported and marked partial.</summary>
    PartialTrace = 11,

    /// <summary><c>check</c>: the command could not be started (not found, not executable).</summary>
    CommandNotStarted = 12,

    /// <summary><c>check</c>: the command ended without any .NET process connecting (not a .NET program).</summary>
    NoDotnetProcess = 13,

    /// <summary><c>check</c>: no leak found, but the command itself exited with a non-zero code.</summary>
    CommandFailed = 14,

    /// <summary>A report, recording, trace or baseline could not be written (disk full, permission, I/O error); nothing partial is left.</summary>
    OutputFailed = 15,

    /// <summary>
    /// A socket named like the process's diagnostic socket belongs to another user (someone may be
    /// impersonating the process): LeakScope refused to connect.
    /// </summary>
    ForeignDiagnosticSocket = 16,

    /// <summary>
    /// The process is a NativeAOT app published without EventSource support (the NativeAOT default):
    /// it has no diagnostic server, so no session can see its scopes; <c>check</c> still reads the files it writes.
    /// </summary>
    EventSourceDisabled = 17,

    /// <summary>LeakScope itself failed unexpectedly.</summary>
    InternalError = 70,

    /// <summary>Stopped by Ctrl+C before a report could be made.</summary>
    Interrupted = 130,
}
