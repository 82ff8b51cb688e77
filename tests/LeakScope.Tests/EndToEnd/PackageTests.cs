using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>The CLI ships as a .NET tool: pack it, install it from the package, run it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PackageTests
{
    [Fact]
    public void Pack_ThenToolInstall_GivesAWorkingLeakscope()
    {
        string work = Directory.CreateTempSubdirectory("leakscope-pack-").FullName;
        try
        {
            string project = Path.Combine(RepositoryRoot(), "src", "LeakScope", "LeakScope.csproj");
            Run(ChildProcess.DotnetHost, "pack", project, "-c", "Release", "-o", Path.Combine(work, "packages"));
            Assert.Single(Directory.GetFiles(Path.Combine(work, "packages"), "LeakScope.*.nupkg"));

            Run(ChildProcess.DotnetHost, "tool", "install", "--tool-path", Path.Combine(work, "tools"), "--add-source", Path.Combine(work, "packages"), "LeakScope");
            string help = Run(Path.Combine(work, "tools", "leakscope"), "--help");

            Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
            Assert.Contains("monitor", help, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The README packs into artifacts/: following it must not leave the package as a change to commit.
    [Fact]
    public void TheReadmesPackFolder_IsIgnoredByGit()
    {
        string root = RepositoryRoot();
        Assert.Contains("dotnet pack src/LeakScope -c Release -o artifacts", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);

        using ChildProcess git = ChildProcess.Start("git", "-C", root, "check-ignore", "-q", "artifacts/LeakScope.1.0.0.nupkg");

        Assert.True(git.WaitForExit(ChildProcess.Patience));
        Assert.True(git.ExitCode == 0, $"git check-ignore: {git.ExitCode} {git.Errors}");
    }

    private static string Run(string fileName, params string[] arguments)
    {
        using ChildProcess process = ChildProcess.Start(fileName, arguments);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{fileName} {string.Join(' ', arguments)} did not finish.");
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{process.Output}\n{process.Errors}");
        return process.Output;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LeakScope.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LeakScope.sln not found above the test directory.");
    }
}
