using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>CI runs the README's test command as written, and its log shows where the time goes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CiLogTests
{
    // Without it, dotnet test prints nothing between the build and the result for minutes.
    [Fact]
    public void DotnetTest_ShowsATestLineEach_InEveryTestProject()
    {
        string root = CheckRunner.RepositoryRoot;
        foreach (string project in new[] { "tests/LeakScope.Tests/LeakScope.Tests.csproj", "tests/LeakScope.Runtime.Tests/LeakScope.Runtime.Tests.csproj" })
        {
            using ChildProcess msbuild = ChildProcess.Start(ChildProcess.DotnetHost, "msbuild", Path.Combine(root, project), "-getProperty:VSTestVerbosity");

            Assert.True(msbuild.WaitForExit(TimeSpan.FromMinutes(2)), "dotnet msbuild did not finish.");
            Assert.True(msbuild.ExitCode == 0, msbuild.Errors);
            Assert.Equal("normal", msbuild.Output.Trim());
        }
    }

    [Fact]
    public void TheCiScript_RunsTheReadmesTestCommand_AsWritten()
    {
        const string Command = "dotnet test LeakScope.sln";
        string root = CheckRunner.RepositoryRoot;

        Assert.Contains(Command, File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
        Assert.Contains(Command, File.ReadAllLines(Path.Combine(root, ".ci", "run")));
    }
}
