namespace LeakScope.Cli.Tracing;

/// <param name="Name">The name shown and found by -n: the app for 'dotnet app.dll', else the whole executable name.</param>
/// <param name="Executable">The executable's whole name ("dotnet" for an app the host runs), which -n finds too.</param>
internal sealed record DotnetProcess(int Pid, string Name, string Executable, string CommandLine);
