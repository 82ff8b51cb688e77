using LeakScope.Cli.Tests.Readme;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The README's install and GitHub Actions commands (<see cref="ReadmeCommandTests"/> runs the others):
/// they pack src/LeakScope in Release, the build <see cref="AotTool"/> makes, so they run with it.
/// </summary>
[Collection(NativeAotCollection.Name)]
public sealed class ReadmeInstallTests
{
    // Install as the README says, into a home of its own; then a fresh CI runner's step installs the
    // tool from a feed that has it (the packages just made) and gates the leaky test assembly.
    [Fact]
    public void Install_ThenTheGitHubActionsStep_RunAsWritten()
    {
        ReadmeCommand pack = ReadmeCommandTests.Command("dotnet pack src/LeakScope -c Release -o artifacts");
        string[] afterPack = [.. pack.Block.Split('\n').Where(line => !line.TrimStart().StartsWith(pack.Text, StringComparison.Ordinal))];
        Assert.Equal(pack.Block.Split('\n').Length - 1, afterPack.Length);

        // The same Release build as AotTool's pack, after it: never beside it (one obj/Release), and
        // with nothing left to compile again.
        NativeAotBuilds.WaitUntilDone();

        // The pack restores and builds the repository's projects: under the machine's home, as every
        // other build of them, so that it rewrites nothing the other builds depend on (ReadmeShell).
        // The first full pack compiles the tool ahead of time: as patient as AotTool's.
        using (var repository = new ReadmeShell(ownHome: false))
        {
            using ChildProcess packed = repository.Run(pack.Text, CheckRunner.RepositoryRoot, TimeSpan.FromMinutes(20));
            Assert.True(packed.ExitCode == 0, $"exit {packed.ExitCode}\n{packed.Output}\n{packed.Errors}");
        }

        using var machine = new ReadmeShell();
        machine.ForgetPackedTool();

        using ChildProcess install = machine.Run(string.Join('\n', afterPack), CheckRunner.RepositoryRoot, TimeSpan.FromMinutes(6));

        Assert.True(install.ExitCode == 0, $"exit {install.ExitCode}\n{install.Output}\n{install.Errors}");
        Assert.True(File.Exists(Path.Combine(machine.Home, ".dotnet", "tools", "leakscope")), "leakscope is not in ~/.dotnet/tools");
        Assert.Contains("Usage:", install.Output, StringComparison.Ordinal);

        using var runner = new ReadmeShell();
        File.WriteAllText(
            Path.Combine(runner.WorkDirectory, "nuget.config"),
            $"""<configuration><packageSources><add key="artifacts" value="{Path.Combine(CheckRunner.RepositoryRoot, "artifacts")}" /></packageSources></configuration>""");
        string summary = Path.Combine(runner.WorkDirectory, "step-summary.md");
        string step = string.Join('\n', [
            ReadmeCommandTests.Command("dotnet tool install --global LeakScope").Text,
            "export PATH=\"$PATH:$HOME/.dotnet/tools\"",
            "set +e",
            ReadmeCommandTests.Replace(ReadmeCommandTests.Command("leakscope check -o leakscope.sarif -o leakscope.md -- dotnet test " + ReadmeCommandTests.ExampleTestAssembly).Text, ReadmeCommandTests.ExampleTestAssembly, ReadmeCommandTests.Quoted(CheckRunner.LeakyTestsAssembly)),
            "echo \"check exit $?\"",
            ReadmeCommandTests.Command("cat leakscope.md >> \"$GITHUB_STEP_SUMMARY\"").Text]);

        using ChildProcess ci = runner.Run(step, workingDirectory: null, TimeSpan.FromMinutes(6), new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.True(ci.ExitCode == 0, $"exit {ci.ExitCode}\n{ci.Output}\n{ci.Errors}");
        Assert.Contains("check exit 1", ci.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runner.WorkDirectory, "leakscope.sarif")), "no SARIF report");
        Assert.Contains("LeakScope: leaks", File.ReadAllText(summary), StringComparison.Ordinal);
    }
}
