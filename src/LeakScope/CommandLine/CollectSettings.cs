namespace LeakScope.Cli.CommandLine;

internal sealed record CollectSettings(int? Pid, string? Name, string Output, TimeSpan? Duration, TimeSpan MinAge, bool Stacks, bool AllEvents, TimeSpan AttachTimeout)
{
    /// <summary><c>--diagnostic-port</c>: listen here for the process to connect (or, with <c>,connect</c>, connect to this socket) instead of finding it by pid or name.</summary>
    public string? DiagnosticPort { get; init; }
}
