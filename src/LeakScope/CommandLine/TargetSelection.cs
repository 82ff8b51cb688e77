using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary>Resolves the pid argument or --name option to a running process.</summary>
internal static class TargetSelection
{
    public static TargetProcess Resolve(int? pid, string? name) => (pid, name) switch
    {
        (not null, null) => TargetProcess.FromPid(pid.Value),
        (null, { Length: > 0 }) => TargetProcess.FromName(name),
        (not null, not null) => throw new LeakScopeException(ReturnCode.UsageError, "Give a pid or --name, not both."),
        _ => throw new LeakScopeException(ReturnCode.UsageError, "Which process? Give its pid or --name (see 'leakscope ps')."),
    };
}
