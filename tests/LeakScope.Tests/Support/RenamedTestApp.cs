namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The TestApp under a name no other process on the machine has (other test runs start TestApps
/// too): as an assembly run by the dotnet host ('dotnet NAME.dll', named 'dotnet' by the kernel),
/// and as an apphost whose name is longer than the kernel's 15-character comm.
/// </summary>
internal sealed class RenamedTestApp : IDisposable
{
    private const string Original = "LeakScope.TestApp";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-named-");

    public RenamedTestApp()
    {
        string unique = Guid.NewGuid().ToString("N")[..8];
        AssemblyName = $"{Original}.{unique}";
        HostName = $"LeakScopeNamedHost{unique}";

        // The renamed assembly: the host finds its runtimeconfig by the new name, its dependency beside it.
        Copy($"{Original}.dll", $"{AssemblyName}.dll");
        Copy($"{Original}.runtimeconfig.json", $"{AssemblyName}.runtimeconfig.json");
        Copy("LeakScope.Runtime.dll", "LeakScope.Runtime.dll");

        // The renamed apphost runs the original assembly it was built for, found beside it.
        Copy(Original, HostName);
        foreach (string suffix in new[] { ".dll", ".runtimeconfig.json", ".deps.json" })
        {
            Copy(Original + suffix, Original + suffix);
        }
    }

    /// <summary>The name 'dotnet NAME.dll' is shown and found by.</summary>
    public string AssemblyName { get; }

    /// <summary>The apphost's file name, over 15 characters.</summary>
    public string HostName { get; }

    public TargetApp StartWithDotnet() => TargetApp.From(ChildProcess.Start(ChildProcess.DotnetHost, Path.Combine(_directory.FullName, AssemblyName + ".dll")));

    /// <summary>Through env, so the apphost finds the runtime the tests run on wherever it is installed.</summary>
    public TargetApp StartApphost() => TargetApp.From(ChildProcess.Start(
        "env",
        $"DOTNET_ROOT={RuntimeDirectory()}",
        Path.Combine(_directory.FullName, HostName)));

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Where the runtime running the tests is installed: its shared framework is two directories above it.</summary>
    private static string RuntimeDirectory() => Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private void Copy(string from, string to)
    {
        string target = Path.Combine(_directory.FullName, to);
        File.Copy(Path.Combine(AppContext.BaseDirectory, from), target);
        File.SetUnixFileMode(target, File.GetUnixFileMode(Path.Combine(AppContext.BaseDirectory, from)));
    }
}
