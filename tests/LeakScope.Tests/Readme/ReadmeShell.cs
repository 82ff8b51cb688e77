using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.Readme;

/// <summary>
/// Runs README commands in bash as a reader would, by default in a home directory of their own (so
/// a global tool install lands there, not in the machine's), sharing only the NuGet package cache.
/// </summary>
/// <param name="ownHome">False: the machine's home and its NuGet settings as they are, for commands
/// that restore or build the repository's projects. A restore under another home (or another
/// spelling of the package folder) rewrites their obj/project.assets.json, and every later build of
/// them, Debug and the Release pack with its NativeAOT compile, starts over.</param>
internal sealed class ReadmeShell : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("leakscope-readme-");
    private readonly bool _ownHome;

    public ReadmeShell(bool ownHome = true)
    {
        _ownHome = ownHome;
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(WorkDirectory);
    }

    public string Home => Path.Combine(_root.FullName, "home");

    /// <summary>Where commands that make files in the current directory run, unless told otherwise.</summary>
    public string WorkDirectory => Path.Combine(_root.FullName, "work");

    /// <summary>
    /// Puts a <c>leakscope</c> on PATH that runs the tool built beside the tests, standing for the
    /// installed one in commands whose install is tested elsewhere.
    /// </summary>
    public void ProvideBuiltTool()
    {
        string bin = Path.Combine(_root.FullName, "bin");
        Directory.CreateDirectory(bin);
        string wrapper = Path.Combine(bin, "leakscope");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{ChildProcess.DotnetHost}' '{Path.Combine(AppContext.BaseDirectory, "leakscope.dll")}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ExtraPath = bin;
    }

    private static string PackageCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private string? ExtraPath { get; set; }

    /// <summary>
    /// Removes the tool's own packages from the shared package cache: 'dotnet tool install' takes a
    /// cached LeakScope of the same version over the one just packed, so an old build would be tested.
    /// </summary>
    public void ForgetPackedTool()
    {
        foreach (string id in new[] { "leakscope", "leakscope.any", "leakscope.linux-x64" })
        {
            string cached = Path.Combine(PackageCache, id);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> with <c>bash -e</c>, waiting up to <paramref name="patience"/>.</summary>
    public ChildProcess Run(string script, string? workingDirectory, TimeSpan patience, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["PATH"] = ExtraPath is null ? Environment.GetEnvironmentVariable("PATH") ?? string.Empty : $"{ExtraPath}:{Environment.GetEnvironmentVariable("PATH")}",
        };
        if (_ownHome)
        {
            variables["HOME"] = Home;
            variables["NUGET_PACKAGES"] = PackageCache;
        }

        string cd = $"cd '{workingDirectory ?? WorkDirectory}'\n";
        ChildProcess shell = ChildProcess.Start("bash", variables, ["-e", "-c", cd + script]);
        if (!shell.WaitForExit(patience))
        {
            shell.Dispose();
            Assert.Fail($"README commands did not finish within {patience.TotalSeconds} s:\n{script}");
        }

        return shell;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
