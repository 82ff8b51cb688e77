using System.Text.Json;
using LeakScope.Cli.Tests.Readme;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// The README drift check: every command in README.md's code blocks is run here as written (the
/// placeholders of examples replaced by real targets), so what a newcomer copies works, and a
/// command added to the README without a test fails the build.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReadmeCommandTests
{
    internal const string ExampleTestAssembly = "tests/Orders.Tests/bin/Release/net8.0/Orders.Tests.dll";
    private const string ExampleApp = "Orders.dll --scenario smoke";
    private const string ExamplePid = "4242";

    // Each command of the README, and the test below that runs it. A command that cannot be run on
    // this machine says why instead, and which test covers the part that is LeakScope's.
    private static readonly Dictionary<string, string> s_runBy = new(StringComparer.Ordinal)
    {
        ["dotnet run --project src/LeakScope -- demo"] = nameof(QuickStart_TheDemo_RunsAsWritten),
        ["dotnet test LeakScope.sln"] = "CI itself: .ci/run runs it as written (" + nameof(CiLogTests) + ")",
        ["dotnet pack src/LeakScope -c Release -o artifacts"] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["dotnet tool install --global --add-source artifacts LeakScope"] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["export PATH=\"$PATH:$HOME/.dotnet/tools\""] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["leakscope --help"] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["dotnet tool install --global dotnet-suggest"] = NotHere,
        ["dotnet-suggest script bash > ~/.dotnet-suggest-shim.bash"] = NotHere,
        ["echo '. ~/.dotnet-suggest-shim.bash' >> ~/.bashrc"] = NotHere,
        ["leakscope monitor " + ExamplePid] = nameof(TheMonitorSample_MatchesWhatMonitorPrints),
        ["leakscope check -- dotnet test " + ExampleTestAssembly] = nameof(TheCiExamples_RunAsWritten),
        ["leakscope check -o leaks.sarif -o leaks.md -- dotnet " + ExampleApp] = nameof(TheCiExamples_RunAsWritten),
        [ProbeCommand] = nameof(TheAlertExamples_RunAsWritten),
        [EvidenceCommand] = nameof(TheAlertExamples_RunAsWritten),
        [ListenCommand] = nameof(TheContainerRecipe_RunsAsWritten),
        [AppCommand] = nameof(TheContainerRecipe_RunsAsWritten),
        ["dotnet tool install --global LeakScope"] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["leakscope check -o leakscope.sarif -o leakscope.md -- dotnet test " + ExampleTestAssembly] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
        ["cat leakscope.md >> \"$GITHUB_STEP_SUMMARY\""] = nameof(ReadmeInstallTests.Install_ThenTheGitHubActionsStep_RunAsWritten),
    };

    private const string ListenCommand = "leakscope monitor --diagnostic-port /diag/leakscope.sock --attach-timeout 00:10:00 --format json -o /diag/leaks.json";
    private const string AppCommand = "DOTNET_DiagnosticPorts=/diag/leakscope.sock dotnet Orders.Api.dll";

    private const string ProbeCommand = "leakscope monitor -n Orders --fail-on growing --max-open db-connection=200 --max-age 00:10:00 -f json -o /tmp/leak.json";
    private const string EvidenceCommand = "leakscope monitor -n Orders --fail-on growing --on-leak collect --trigger-output /var/tmp/leaks --trigger-cooldown 00:30:00";

    private const string NotHere =
        "not run: dotnet-suggest is not in this machine's package registry; the [suggest] directive it calls is tested by CompletionTests";

    private static string ReadmePath => Path.Combine(CheckRunner.RepositoryRoot, "README.md");

    [Fact]
    public void EveryCommandInTheReadme_IsRunByATest()
    {
        IReadOnlyList<ReadmeCommand> commands = ReadmeCommands.Read(ReadmePath);

        string[] unknown = [.. commands.Where(command => !s_runBy.ContainsKey(command.Text)).Select(command => $"README.md:{command.Line}: {command.Text}")];
        string[] gone = [.. s_runBy.Keys.Where(text => commands.All(command => command.Text != text))];

        Assert.True(unknown.Length == 0, "README commands no test runs (run each in ReadmeCommandTests):\n" + string.Join('\n', unknown));
        Assert.True(gone.Length == 0, "Commands ReadmeCommandTests runs that the README no longer has:\n" + string.Join('\n', gone));
        Assert.Contains("dotnet test LeakScope.sln", File.ReadAllLines(Path.Combine(CheckRunner.RepositoryRoot, ".ci", "run")));
    }

    [Fact]
    public void QuickStart_TheDemo_RunsAsWritten()
    {
        ReadmeCommand demo = Command("dotnet run --project src/LeakScope -- demo");
        using var shell = new ReadmeShell(ownHome: false);

        using ChildProcess run = shell.Run(demo.Text, CheckRunner.RepositoryRoot, TimeSpan.FromMinutes(4));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
        Assert.Contains("Verdict: LEAKS", run.Output, StringComparison.Ordinal);
        Assert.Contains("samples/LeakScope.Demo/OrdersService.cs:46 (HandleOrder)", run.Output, StringComparison.Ordinal);
    }

    // The README's sample output is the demo service's: each of its rows must be what monitor prints.
    [Fact]
    public void TheMonitorSample_MatchesWhatMonitorPrints()
    {
        ReadmeCommand monitor = Command("leakscope monitor " + ExamplePid);
        using ChildProcess service = ChildProcess.StartDotnet("leakscope.dll", "demo-target");
        service.WaitForLine(line => line == "ready", "the sample service's ready line");
        using var shell = new ReadmeShell();
        shell.ProvideBuiltTool();

        // Redirected, monitor prints only its report, once stopped: --duration stops it as Ctrl+C would.
        using ChildProcess run = shell.Run(Replace(monitor.Text, ExamplePid, $"{service.Pid} --duration 5"), CheckRunner.RepositoryRoot, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
        string[] sample = SampleOutput(monitor);
        string[] printed = run.Output.Split('\n');
        Assert.Contains(printed, line => line.StartsWith("LeakScope monitor: ", StringComparison.Ordinal));
        Assert.Contains(printed, line => line.StartsWith("Verdict: LEAKS: ", StringComparison.Ordinal));
        Assert.Equal(Words(sample.Single(line => line.Contains("OPENED AT", StringComparison.Ordinal))), Words(printed.Single(line => line.Contains("OPENED AT", StringComparison.Ordinal))));
        foreach (string row in sample.Where(line => line.Contains("OrdersService.cs:", StringComparison.Ordinal)))
        {
            // Counts and ages vary from run to run; kind, call site and name must not.
            string[] words = Words(row);
            int site = Array.FindIndex(words, word => word.Contains("OrdersService.cs:", StringComparison.Ordinal));
            string expected = $"{words[site - 1]} samples/LeakScope.Demo/{Path.GetFileName(words[site])} {words[site + 1]}";
            Assert.Contains(printed, line => string.Join(' ', Words(line)).Contains(expected, StringComparison.Ordinal) && Words(line)[^1] == words[^1]);
        }
    }

    [Fact]
    public void TheCiExamples_RunAsWritten()
    {
        using var shell = new ReadmeShell();
        shell.ProvideBuiltTool();

        string tests = Command("leakscope check -- dotnet test " + ExampleTestAssembly).Text;
        using ChildProcess testRun = shell.Run(Replace(tests, ExampleTestAssembly, Quoted(CheckRunner.LeakyTestsAssembly)), workingDirectory: null, TimeSpan.FromMinutes(4));
        Assert.True(testRun.ExitCode == 1, $"exit {testRun.ExitCode}\n{testRun.Output}\n{testRun.Errors}");
        Assert.Contains("LEAKS", testRun.Errors, StringComparison.Ordinal);

        string app = Command("leakscope check -o leaks.sarif -o leaks.md -- dotnet " + ExampleApp).Text;
        using ChildProcess appRun = shell.Run(Replace(app, ExampleApp, $"{Quoted(CheckRunner.TestApp)} --script 'leak 1;exit'"), workingDirectory: null, TimeSpan.FromMinutes(2));
        Assert.True(appRun.ExitCode == 1, $"exit {appRun.ExitCode}\n{appRun.Output}\n{appRun.Errors}");
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(shell.WorkDirectory, "leaks.sarif")));
        Assert.NotEmpty(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Contains("LeakScope: leaks", File.ReadAllText(Path.Combine(shell.WorkDirectory, "leaks.md")), StringComparison.Ordinal);
    }

    // "Orders" is the test app under a name of its own; the limits are scaled down to what a test can
    // wait for: more than 2 open connections instead of more than 200, a growth window of 3 s and a watch of 20 s.
    [Fact]
    public void TheAlertExamples_RunAsWritten()
    {
        using var renamed = new RenamedTestApp();
        using var shell = new ReadmeShell();
        shell.ProvideBuiltTool();

        using (TargetApp leaky = renamed.StartWithDotnet())
        {
            leaky.Run("leak 3");
            string report = Path.Combine(shell.WorkDirectory, "leak.json");
            string probe = Replace(Replace(Replace(Command(ProbeCommand).Text, "-n Orders", "-n " + renamed.AssemblyName), "db-connection=200", "db-connection=2"), "/tmp/leak.json", report);

            using ChildProcess run = shell.Run(probe, workingDirectory: null, TimeSpan.FromMinutes(2));

            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
            Assert.Equal("max-open", json.RootElement.GetProperty("alert").GetProperty("condition").GetString());
        }

        using (TargetApp growing = renamed.StartWithDotnet())
        {
            growing.Run("trend-grow 50");
            string evidence = Path.Combine(shell.WorkDirectory, "leaks");
            Directory.CreateDirectory(evidence);
            string watch = Replace(
                Replace(Replace(Command(EvidenceCommand).Text, "-n Orders", "-n " + renamed.AssemblyName), "/var/tmp/leaks", evidence),
                "--fail-on growing",
                "--fail-on growing --growth-window 3 --refresh-interval 0.5 --trigger-duration 1 --duration 20");

            using ChildProcess run = shell.Run(watch, workingDirectory: null, TimeSpan.FromMinutes(2));

            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
            string trace = Assert.Single(Directory.GetFiles(evidence, "leakscope-*.nettrace"));
            using ChildProcess read = shell.Run($"leakscope report {Quoted(trace)} --format json", workingDirectory: null, TimeSpan.FromMinutes(1));
            Assert.True(read.ExitCode == 1, $"exit {read.ExitCode}\n{read.Output}\n{read.Errors}");
        }
    }

    // The shared volume is a directory of the test's; the app, the test app leaving a scope open.
    [Fact]
    public void TheContainerRecipe_RunsAsWritten()
    {
        using var shell = new ReadmeShell();
        shell.ProvideBuiltTool();
        string volume = Path.Combine(shell.WorkDirectory, "diag");
        Directory.CreateDirectory(volume);
        string listen = Replace(Command(ListenCommand).Text, "/diag/", volume + "/");
        string app = Replace(Replace(Command(AppCommand).Text, "/diag/", volume + "/"), "Orders.Api.dll", $"{Quoted(CheckRunner.TestApp)} --script 'leak 1;exit'");
        string script = string.Join('\n', [
            listen + " &",
            "monitor=$!",
            // Until monitor listens; if it ended instead, the app would wait for it for ever.
            $"for i in $(seq 600); do [ -S {Quoted(Path.Combine(volume, "leakscope.sock"))} ] && break; kill -0 $monitor || break; sleep 0.1; done",
            $"[ -S {Quoted(Path.Combine(volume, "leakscope.sock"))} ] || {{ wait $monitor; echo \"monitor ended without listening: exit $?\"; exit 1; }}",
            app,
            "set +e",
            "wait $monitor",
            "echo \"monitor exit $?\""]);

        using ChildProcess run = shell.Run(script, workingDirectory: null, TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
        Assert.True(run.Output.Contains("monitor exit 1", StringComparison.Ordinal), $"{run.Output}\n{run.Errors}");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(volume, "leaks.json")));
        Assert.Equal("leaks", report.RootElement.GetProperty("verdict").GetString());
        Assert.False(File.Exists(Path.Combine(volume, "leakscope.sock")), "the socket was left behind");
    }

    internal static ReadmeCommand Command(string text) =>
        ReadmeCommands.Read(ReadmePath).SingleOrDefault(command => command.Text == text)
            ?? throw new Xunit.Sdk.XunitException($"The README no longer has the command '{text}'.");

    // A placeholder replaced must be there, or the README changed under the test.
    internal static string Replace(string command, string placeholder, string value)
    {
        Assert.Contains(placeholder, command, StringComparison.Ordinal);
        return command.Replace(placeholder, value, StringComparison.Ordinal);
    }

    internal static string Quoted(string path) => $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    // The lines of the text block after the command's prompt.
    private static string[] SampleOutput(ReadmeCommand command) =>
        [.. command.Block.Split('\n').SkipWhile(line => !line.StartsWith("$ ", StringComparison.Ordinal)).Skip(1)];

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
