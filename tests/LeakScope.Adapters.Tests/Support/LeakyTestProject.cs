using System.Xml.Linq;

namespace LeakScope.Adapters.Tests.Support;

/// <summary>
/// A copy of one of the repository's leaky test projects (tests/LeakScope.FRAMEWORK.LeakyTests) in a
/// folder of its own, set up as a user's project would be: the repository's build settings, central
/// package versions with the adapter's, and the packed packages as a package source. Restores into
/// its own package folder (falling back to the machine's), so nothing of it stays in the machine's cache.
/// </summary>
internal sealed class LeakyTestProject
{
    private readonly AdapterPackages _packages;
    private readonly string _root;

    public LeakyTestProject(AdapterPackages packages, string framework)
    {
        _packages = packages;
        Name = $"LeakScope.{framework}.LeakyTests";
        _root = Path.Combine(packages.Directory, framework);
        ProjectDirectory = Path.Combine(_root, Name);
        CopyDirectory(Path.Combine(Dotnet.RepositoryRoot, "tests", Name), ProjectDirectory);
        File.Copy(Path.Combine(Dotnet.RepositoryRoot, "Directory.Build.props"), Path.Combine(_root, "Directory.Build.props"));
        XDocument versions = XDocument.Load(Path.Combine(Dotnet.RepositoryRoot, "Directory.Packages.props"));
        versions.Root!.Add(new XElement("ItemGroup", new XElement("PackageVersion", new XAttribute("Include", $"LeakScope.{framework}"), new XAttribute("Version", packages.Version))));
        versions.Save(Path.Combine(_root, "Directory.Packages.props"));
        new XDocument(new XElement(
            "configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "leakscope-packed"), new XAttribute("value", packages.Feed))))).Save(Path.Combine(_root, "nuget.config"));
    }

    public string Name { get; }

    public string ProjectDirectory { get; }

    /// <summary>Runs <c>dotnet test</c> (restore, build, test) with these MSBuild properties; returns the exit code and each test's outcome.</summary>
    public (int ExitCode, IReadOnlyList<TestOutcome> Tests, string Output) Test(string run, params string[] properties)
    {
        string results = Path.Combine(_root, "results-" + run);
        (int exitCode, string output) = Dotnet.Run(
            _root,
            [
                "test", Name,
                .. RestoreProperties(),
                .. properties.Select(p => "-p:" + p),
                "--results-directory", results,
                "--logger", "trx;LogFileName=" + run + ".trx",
            ]);
        string trx = Path.Combine(results, run + ".trx");
        Assert.True(File.Exists(trx), $"dotnet test wrote no {trx} ({exitCode}):\n{output}");
        return (exitCode, ReadTrx(trx), output);
    }

    /// <summary>
    /// Builds with these MSBuild properties, then runs <c>leakscope check</c> (the real CLI) on
    /// <c>dotnet test</c> of the built assembly, writing its JSON and JUnit reports; returns check's exit
    /// code, each test's outcome, everything printed and the paths of the two reports.
    /// </summary>
    public (int ExitCode, IReadOnlyList<TestOutcome> Tests, string Output, string Json, string JUnit) TestUnderCheck(string run, params string[] properties)
    {
        string results = Path.Combine(_root, "results-" + run);
        string output = Path.Combine(_root, "out-" + run);
        Dotnet.RunOrFail(_root, ["build", Name, .. RestoreProperties(), .. properties.Select(p => "-p:" + p), "-o", output]);
        string json = Path.Combine(results, run + ".json");
        string junit = Path.Combine(results, run + ".xml");
        Directory.CreateDirectory(results);
        (int exitCode, string printed) = Dotnet.Run(
            _root,
            [
                Dotnet.LeakScopeTool, "check", "--source-root", ProjectDirectory, "-f", "json", "-o", json, "-f", "junit", "-o", junit,
                "--", Dotnet.Host, "test", Path.Combine(output, Name + ".dll"),
                "--results-directory", results, "--logger", "trx;LogFileName=" + run + ".trx",
            ]);
        string trx = Path.Combine(results, run + ".trx");
        Assert.True(File.Exists(trx) && File.Exists(json) && File.Exists(junit), $"check on dotnet test wrote no {trx} or reports ({exitCode}):\n{printed}");
        return (exitCode, ReadTrx(trx), printed, json, junit);
    }

    /// <summary>The line of the copied source file <paramref name="fileName"/> that contains <paramref name="text"/>.</summary>
    public int LineOf(string fileName, string text)
    {
        string[] lines = File.ReadAllLines(Path.Combine(ProjectDirectory, fileName));
        int index = Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"{fileName} has no line with {text}");
        return index + 1;
    }

    /// <summary>Restores into this run's package folder, falling back to the machine's.</summary>
    private string[] RestoreProperties()
    {
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return ["-p:RestorePackagesPath=" + Path.Combine(_packages.Directory, "packages"), "-p:RestoreFallbackFolders=" + globalPackages];
    }

    private static List<TestOutcome> ReadTrx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return
        [
            .. XDocument.Load(path).Descendants(ns + "UnitTestResult").Select(result => new TestOutcome(
                (string)result.Attribute("testName")!,
                (string?)result.Attribute("outcome") == "Passed",
                result.Element(ns + "Output")?.Element(ns + "ErrorInfo")?.Element(ns + "Message")?.Value ?? string.Empty)),
        ];
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
