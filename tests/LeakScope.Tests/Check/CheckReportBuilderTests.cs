using LeakScope.Cli.Check;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Tests.Check;

public sealed class CheckReportBuilderTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 8, 0, 10, TimeSpan.Zero);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("leakscope-sources-");

    [Fact]
    public void Baseline_StillMatches_WhenUnrelatedEditsShiftTheLine()
    {
        string file = WriteSource("src/Orders/Repository.cs", "class Repository", "{", "    var c = Scope.Enter(\"db-connection\");", "}");
        CheckResult before = Build([Outcome(1, Leak(file, line: 3))], Baseline.Empty);
        Baseline baseline = Baseline.Of(before.Sites);

        WriteSource("src/Orders/Repository.cs", "// a comment", "// and another", "class Repository", "{", "    var c = Scope.Enter(\"db-connection\");", "}");
        CheckResult after = Build([Outcome(1, Leak(file, line: 5))], baseline);

        Assert.Equal(Verdicts.Clean, after.Report.Verdict);
        Assert.Equal("baseline", Assert.Single(after.Report.Suppressed!).Reason);
        Assert.Empty(after.Report.StaleBaseline!);
    }

    [Fact]
    public void Baseline_DoesNotMatch_ANewLeakInTheSameMember()
    {
        string file = WriteSource("src/Orders/Repository.cs", "class Repository", "{", "    var c = Scope.Enter(\"db-connection\");", "    var f = Scope.Enter(\"db-connection\", \"second\");", "}");
        Baseline baseline = Baseline.Of(Build([Outcome(1, Leak(file, line: 3))], Baseline.Empty).Sites);

        CheckResult after = Build([Outcome(1, Leak(file, line: 3), Leak(file, line: 4))], baseline);

        Assert.Equal(Verdicts.Leaks, after.Report.Verdict);
        Assert.Equal(4, Assert.Single(after.Report.Groups).Line);
    }

    [Fact]
    public void Baseline_WithoutSource_FallsBackToTheLineNumber()
    {
        string missing = Path.Combine(_root.FullName, "src", "Gone.cs");
        Baseline baseline = Baseline.Of(Build([Outcome(1, Leak(missing, line: 7))], Baseline.Empty).Sites);

        Assert.Equal("db-connection|src/Gone.cs|Open|line 7", Assert.Single(baseline.Entries).Signature);
        Assert.Equal(Verdicts.Clean, Build([Outcome(1, Leak(missing, line: 7))], baseline).Report.Verdict);
        Assert.Equal(Verdicts.Leaks, Build([Outcome(1, Leak(missing, line: 8))], baseline).Report.Verdict);
    }

    [Fact]
    public void AProcessNotObservedFully_MakesTheRunInconclusive_EvenWithLeaksElsewhere()
    {
        CheckResult result = Build([Outcome(1, Leak("/src/A.cs", 1)), Outcome(2, complete: false)], Baseline.Empty);

        Assert.Equal(Verdicts.Inconclusive, result.Report.Verdict);
        Assert.Single(result.Report.Leaks);
    }

    [Fact]
    public void ProcessesWithoutLeakScope_DoNotCount()
    {
        ProcessOutcome host = new(new TargetProcess(10, "dotnet", s_now), "dotnet test", Instrumented: false, Complete: false, Report(10, "open-at-exit"));

        CheckResult result = Build([host, Outcome(11)], Baseline.Empty);

        Assert.Equal(Verdicts.Clean, result.Report.Verdict);
        Assert.Equal([10, 11], result.Report.Processes!.Select(p => p.Pid));
    }

    [Fact]
    public void NoProcessUsingLeakScope_IsNeverClean_ButNoLeakScope()
    {
        ProcessOutcome host = new(new TargetProcess(10, "dotnet", s_now), "dotnet", Instrumented: false, Complete: true, Report(10, "open-at-exit"));

        Assert.Equal(Verdicts.NoLeakScope, Build([host], Baseline.Empty).Report.Verdict);
    }

    [Fact]
    public void Filters_AcceptKindsAndSiteGlobs_WithOptionalLine()
    {
        var filter = new LeakFilter(["singleton"], ["src/Cache/**/*.cs", "src/Orders/Repository.cs:12"]);

        Assert.Equal("ignored-kind", filter.ReasonToIgnore("singleton", "src/Any.cs", 1));
        Assert.Equal("ignored-site", filter.ReasonToIgnore("lock", "src/Cache/Deep/Refresh.cs", 1));
        Assert.Equal("ignored-site", filter.ReasonToIgnore("lock", "src/Orders/Repository.cs", 12));
        Assert.Null(filter.ReasonToIgnore("lock", "src/Orders/Repository.cs", 13));
        Assert.Null(filter.ReasonToIgnore("lock", "src/Other.cs", 1));
    }

    [Fact]
    public void SourceTree_MakesPathsRelative_IncludingDeterministicBuildPaths()
    {
        var tree = new SourceTree(_root.FullName);

        Assert.Equal("src/A.cs", tree.Relative(Path.Combine(_root.FullName, "src", "A.cs")));
        Assert.Equal("src/B.cs", tree.Relative("/_/src/B.cs"));
        Assert.Null(tree.Relative("/elsewhere/C.cs"));
        Assert.Equal("/elsewhere/C.cs", tree.Display("/elsewhere/C.cs"));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private CheckResult Build(IReadOnlyList<ProcessOutcome> outcomes, Baseline baseline) =>
        CheckReportBuilder.Build(
            outcomes,
            new CheckedCommand(["dotnet", "app.dll"], 0, Interrupted: false, _root.FullName),
            outcomes[0].Pid,
            new SourceTree(_root.FullName),
            new LeakFilter([], []),
            baseline,
            new ReportOptions(TimeSpan.FromSeconds(1), Endings.OpenAtExit, 0, false, s_now, TimeSpan.FromSeconds(3), false, []));

    private string WriteSource(string relative, params string[] lines)
    {
        string path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static ReportedLeak Leak(string file, int line) =>
        new(line, "db-connection", "orders", file, line, "Open", 1, s_now.AddSeconds(-2), 2, 0, "open", null);

    private static ProcessOutcome Outcome(int pid, params ReportedLeak[] leaks) => Outcome(pid, complete: true, leaks);

    private static ProcessOutcome Outcome(int pid, bool complete, params ReportedLeak[] leaks) =>
        new(new TargetProcess(pid, "app", s_now), "dotnet app.dll", Instrumented: true, complete, Report(pid, complete ? Endings.OpenAtExit : Endings.ProcessTerminated, leaks));

    private static LeakReport Report(int pid, string ending, params ReportedLeak[] leaks) =>
        new(1, "check", new ReportTarget(pid, "app", s_now), leaks.Length > 0 ? Verdicts.Leaks : Verdicts.Clean, ending, 0, false, 1, s_now, 3, 0, [], leaks, []);
}
