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
        bool apphost = IsTheTool(host, name);
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

    /// <summary>
    /// Whether the running executable is leakscope's own apphost or native build. Compares the whole
    /// file name: an app embedding the tool, such as <c>LeakScope.SessionBench</c>, would otherwise
    /// lose its last dotted part as an "extension", be taken for the tool, and start itself again.
    /// </summary>
    internal static bool IsTheTool(string? host, string name) =>
        host is not null
        && (string.Equals(Path.GetFileName(host), name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetFileName(host), name + ".exe", StringComparison.OrdinalIgnoreCase));

    /// <summary>The host running us, or, when leakscope runs inside another app (a test host), the one the SDK names.</summary>
    private static string DotnetHost(string? host) =>
        host is not null && string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase) ? host
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } named ? named
        : "dotnet";
}
