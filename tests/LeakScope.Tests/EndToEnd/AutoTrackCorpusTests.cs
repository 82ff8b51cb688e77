using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Auto-tracking as a package user gets it: LeakScope.Runtime packed into a local feed, the corpus app
/// (tests/LeakScope.AutoTrackCorpus, no LeakScope code, <c>&lt;LeakScopeAutoTrack&gt;true&lt;/LeakScopeAutoTrack&gt;</c>,
/// ASP.NET Core's and the configuration binder's interceptors beside LeakScope's) restored from that feed,
/// built, and run under <c>leakscope check</c>: exactly the lines marked <c>// LEAK: kind</c> are reported,
/// at their kind, file and line; none of the resources closed by using, Dispose, their owner or their
/// connection, nor a semaphore used as a signal. The same build under <c>monitor --all-events</c>,
/// attached from its first instruction, shows its committed and its rolled-back transaction as such.
/// The same restored project also shows the package's off switch: with auto-tracking off the compiler
/// is not handed the generator.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class AutoTrackCorpusTests : IDisposable
{
    private static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(8);

    private readonly CheckRunner _check = new();

    [Fact]
    public async Task Check_OnTheCorpusBuiltFromThePackage_ReportsExactlyTheLeakingLines_AndMonitorTheTransactionsOutcomes()
    {
        string corpusSource = Path.Combine(CheckRunner.RepositoryRoot, "tests", "LeakScope.AutoTrackCorpus");
        string corpus = CopyCorpus(corpusSource, _check.PathOf("corpus"));
        string feed = _check.PathOf("feed");
        string output = _check.PathOf("out");

        // A version of its own, so no package restored earlier (global folder, other runs) stands in for this build.
        string version = "1.0.0-autotrack." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Run(ChildProcess.DotnetHost, "pack", Path.Combine(CheckRunner.RepositoryRoot, "src", "Runtime", "LeakScope.Runtime.csproj"),
            "--no-build", "-c", Configuration, "-o", feed, "-p:PackageVersion=" + version);
        string[] restored = ["-p:LeakScopeRuntimeVersion=" + version, "-p:RestorePackagesPath=" + _check.PathOf("packages")];
        Run(ChildProcess.DotnetHost, ["build", Path.Combine(corpus, "LeakScope.AutoTrackCorpus.csproj"), "-c", "Release", "-o", output,
            .. restored, "-p:RestoreAdditionalProjectSources=" + feed + "%3B" + GlobalPackagesFolder()]);

        // The package's off switch: without <LeakScopeAutoTrack>true</LeakScopeAutoTrack> the compiler is not
        // handed the generator at all (else it would bind the project's calls for nothing). The analyzers the
        // build resolves, from the package just restored; switched on, the generator is among them.
        Assert.DoesNotContain("LeakScope.Generator", AnalyzersHandedToTheCompiler(corpus, autoTrack: false, restored));
        Assert.Contains("LeakScope.Generator", AnalyzersHandedToTheCompiler(corpus, autoTrack: true, restored));

        using ChildProcess tool = _check.Run(["-o", _check.PathOf("r.json")], ChildProcess.DotnetHost, Path.Combine(output, "LeakScope.AutoTrackCorpus.dll"));

        Assert.True(tool.ExitCode == 1, $"exit {tool.ExitCode}\n{tool.Output}\n{tool.Errors}");
        JsonElement report = JsonReport.Parse(File.ReadAllText(_check.PathOf("r.json")));
        Assert.Equal("leaks", report.Str("verdict"));
        List<(string Kind, string File, int Line)> expected = MarkedLeaks(corpusSource);
        Assert.Equal(12, expected.Select(l => l.Kind).Distinct().Count());
        List<(string Kind, string File, int Line)> reported = [.. report.Leaks().Select(l => (l.Str("kind"), Path.GetFileName(l.Str("file")), l.Int("line"))).Order()];
        Assert.Equal(expected, reported);
        Assert.All(report.Leaks(), leak => Assert.Equal("open", leak.Str("state")));

        // A request is named by its URL without the query string, where secrets travel.
        Assert.Contains(report.Leaks(), leak => leak.Str("kind") == "http-response" && leak.Str("name").EndsWith("/leaked-response", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", File.ReadAllText(_check.PathOf("r.json")), StringComparison.Ordinal);

        // check sees no exits; a full-mode monitor does: the corpus's transactions end committed and rolled back (Data.cs).
        JsonElement monitored = await MonitorFromTheStartAsync(Path.Combine(output, "LeakScope.AutoTrackCorpus.dll"));
        Assert.Equal("all", monitored.Str("exitsSeen"));
        string[] data = File.ReadAllLines(Path.Combine(corpusSource, "Data.cs"));
        JsonElement committed = ExitsAt(monitored, "db-transaction", LineOf(data, "SqliteTransaction committed = connection.BeginTransaction();"));
        JsonElement rolledBack = ExitsAt(monitored, "db-transaction", LineOf(data, "await connection.BeginTransactionAsync();"));
        Assert.Equal((1, 1, 0), (committed.Int("count"), committed.GetProperty("outcomes").Int("committed"), committed.GetProperty("outcomes").Int("rolledBack")));
        Assert.Equal((1, 1, 0), (rolledBack.Int("count"), rolledBack.GetProperty("outcomes").Int("rolledBack"), rolledBack.GetProperty("outcomes").Int("committed")));
    }

    /// <summary>The report of <c>monitor --all-events</c> on the app, which connects to it at start-up (listen mode) and runs to its end.</summary>
    private async Task<JsonElement> MonitorFromTheStartAsync(string app)
    {
        string port = _check.PathOf("monitor.sock");
        var run = new CliRun();
        Task<int> monitor = run.InvokeAsync("monitor", "--diagnostic-port", port, "--all-events", "--attach-timeout", "60", "--format", "json");
        await Eventually.TrueAsync(() => run.Error.Contains("Listening on", StringComparison.Ordinal), "monitor to listen", () => monitor.IsCompleted);
        using ChildProcess corpus = ChildProcess.Start(ChildProcess.DotnetHost, new Dictionary<string, string> { ["DOTNET_DiagnosticPorts"] = port }, [app]);
        int code = await monitor.WaitAsync(ChildProcess.Patience);
        Assert.True(code == 1, $"exit {code}\n{run.Out}\n{run.Error}\n{corpus.Errors}");
        return JsonReport.Parse(run.Out);
    }

    private static JsonElement ExitsAt(JsonElement report, string kind, int line) =>
        report.GetProperty("sites").EnumerateArray()
            .Single(site => site.Str("kind") == kind && Path.GetFileName(site.Str("file")) == "Data.cs" && site.Int("line") == line)
            .GetProperty("exits");

    private static int LineOf(string[] lines, string text) => Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose() => _check.Dispose();

    /// <summary>The lines of the corpus ending in <c>// LEAK: kind</c>.</summary>
    private static List<(string Kind, string File, int Line)> MarkedLeaks(string corpus) =>
        [.. Directory.GetFiles(corpus, "*.cs")
            .SelectMany(path => File.ReadAllLines(path).Select((text, index) => (Match: LeakMarker().Match(text), File: Path.GetFileName(path), Line: index + 1)))
            .Where(line => line.Match.Success)
            .Select(line => (line.Match.Groups[1].Value, line.File, line.Line))
            .Order()];

    private static string CopyCorpus(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Configuration =>
        typeof(AutoTrackCorpusTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string Run(string fileName, params string[] arguments)
    {
        using ChildProcess process = ChildProcess.Start(fileName, arguments);
        Assert.True(process.WaitForExit(BuildPatience), $"{fileName} {string.Join(' ', arguments)} did not finish.");
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{process.Output}\n{process.Errors}");
        return process.Output;
    }

    /// <summary>
    /// The file names of the <c>Analyzer</c> items once the package's analyzers are resolved (and the
    /// package's targets have run after them), as the compiler would get them: a few seconds, no build.
    /// </summary>
    private static List<string> AnalyzersHandedToTheCompiler(string corpus, bool autoTrack, string[] restored)
    {
        string items = Run(ChildProcess.DotnetHost, ["msbuild", Path.Combine(corpus, "LeakScope.AutoTrackCorpus.csproj"), "-nologo",
            "-t:ResolvePackageDependenciesForBuild", "-getItem:Analyzer", "-p:Configuration=Release", "-p:LeakScopeAutoTrack=" + (autoTrack ? "true" : "false"), .. restored]);
        return [.. JsonDocument.Parse(items).RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
            .Select(analyzer => analyzer.GetProperty("Filename").GetString()!)];
    }

    [GeneratedRegex(@"// LEAK: ([a-z-]+)\s*$")]
    private static partial Regex LeakMarker();
}
