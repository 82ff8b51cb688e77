using System.Globalization;

namespace LeakScope.Adapters.Tests.Support;

/// <summary>
/// The runtime and the test-framework adapters packed once for all tests, as <c>dotnet pack</c>
/// makes them for users, into a folder that serves as a package source. Each run gets its own
/// version, so no package cache can hand back an older build under the same one.
/// </summary>
public sealed class AdapterPackages : IDisposable
{
    private static readonly string[] s_projects = ["src/Runtime", "src/Xunit", "src/NUnit", "src/MSTest"];

    public AdapterPackages()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("leakscope-adapters-").FullName;
        Feed = Path.Combine(Directory, "feed");
        Version = string.Create(CultureInfo.InvariantCulture, $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");
        foreach (string project in s_projects)
        {
            // Built with this test project already (project references): pack what was built.
            Dotnet.RunOrFail(
                Dotnet.RepositoryRoot,
                "pack", project, "-c", Dotnet.Configuration, "--no-build", "-p:PackageVersion=" + Version, "-o", Feed);
        }
    }

    /// <summary>A folder of this run's own, deleted at the end.</summary>
    public string Directory { get; }

    /// <summary>The folder the packages are in.</summary>
    public string Feed { get; }

    /// <summary>The version they were packed with.</summary>
    public string Version { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the temp folder is cleaned by the system later.
        }
    }
}
