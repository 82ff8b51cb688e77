namespace LeakScope.Cli.Tracing;

/// <param name="Name">The name shown and found by -n: the app for 'dotnet app.dll', else the whole executable name.</param>
/// <param name="Executable">The executable's whole name ("dotnet" for an app the host runs), which -n finds too.</param>
/// <param name="Pid">The pid its diagnostic socket is named with, which snapshot, monitor and collect take: for a process of another pid namespace, its pid there.</param>
internal sealed record DotnetProcess(int Pid, string Name, string Executable, string CommandLine)
{
    /// <summary>In another pid namespace (a container sharing this temp directory): <see cref="Pid"/> is its pid there.</summary>
    public bool OtherNamespace { get; init; }

    /// <summary>Its pid in this namespace, for a process of another one that is visible from here (a container seen from the host).</summary>
    public int? PidHere { get; init; }
}
