using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>The CLI ships as a .NET tool (packed, installed and run by <see cref="AotToolTests"/>).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PackageTests
{
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
