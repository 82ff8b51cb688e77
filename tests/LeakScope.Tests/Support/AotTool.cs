namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The tool as users get it: <c>dotnet pack src/LeakScope</c> (the LeakScope pointer package,
/// LeakScope.any and the NativeAOT LeakScope.linux-x64), then <c>dotnet tool install</c> from those
/// packages alone. The AOT compile takes minutes, so this is done once per test run, on first use,
/// under the test output (a rerun packs again: MSBuild compiles again only what changed).
/// </summary>
internal sealed class AotTool
{
    private static readonly TimeSpan s_packPatience = TimeSpan.FromMinutes(20);
    private static readonly Lazy<AotTool> s_installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private AotTool(string packages, string command)
    {
        Packages = packages;
        Command = command;
    }

    /// <summary>Packed and installed on first use; a failure fails every test that uses it.</summary>
    public static AotTool Installed => s_installed.Value;

    /// <summary>The folder <c>dotnet pack</c> wrote the packages to.</summary>
    public string Packages { get; }

    /// <summary>The installed <c>leakscope</c> command (a link into the tool store).</summary>
    public string Command { get; }

    /// <summary>Runs the installed tool to its end and returns it (killed if it does not end in time).</summary>
    public ChildProcess Run(params string[] arguments)
    {
        ChildProcess tool = ChildProcess.Start(Command, arguments);
        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"leakscope {string.Join(' ', arguments)} did not end. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        return tool;
    }

    private static AotTool Install()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "aot-tool");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        string packages = Path.Combine(root, "packages");
        string project = Path.Combine(CheckRunner.RepositoryRoot, "src", "LeakScope", "LeakScope.csproj");
        RunToEnd(null, ChildProcess.DotnetHost, "pack", project, "-c", "Release", "-o", packages);

        // Only the packages just made: no other source (a LeakScope on a feed would win by version),
        // and an empty package cache (an earlier LeakScope 0.1.0 there would be installed instead).
        string config = Path.Combine(root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(root, "tools");
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache") };
        RunToEnd(isolated, ChildProcess.DotnetHost, "tool", "install", "--tool-path", tools, "--configfile", config, "LeakScope");
        return new AotTool(packages, Path.Combine(tools, "leakscope"));
    }

    private static void RunToEnd(IReadOnlyDictionary<string, string>? environment, string fileName, params string[] arguments)
    {
        using ChildProcess process = ChildProcess.Start(fileName, environment, arguments);
        string command = $"{fileName} {string.Join(' ', arguments)}";
        Assert.True(process.WaitForExit(s_packPatience), $"{command} did not finish in {s_packPatience.TotalMinutes} min.");
        Assert.True(process.ExitCode == 0, $"{command} failed ({process.ExitCode}):\n{process.Output}\n{process.Errors}");
    }
}
