using System.Diagnostics;

namespace LeakScope.Cli.CommandLine;

/// <summary>Starts leakscope itself again in a child process: through its apphost or native executable, or the dotnet host with its assembly.</summary>
internal static class ToolHost
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        // Not Assembly.Location: a NativeAOT build has no assembly file (Location is empty), and
        // there the running executable, named as the assembly, is the tool itself.
        string name = typeof(ToolHost).Assembly.GetName().Name ?? "leakscope";
        string? host = Environment.ProcessPath;
        bool apphost = host is not null && string.Equals(Path.GetFileNameWithoutExtension(host), name, StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(apphost ? host! : DotnetHost(host)) { UseShellExecute = false };
        if (!apphost)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The host running us, or, when leakscope runs inside another app (a test host), the one the SDK names.</summary>
    private static string DotnetHost(string? host) =>
        host is not null && string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase) ? host
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } named ? named
        : "dotnet";
}
