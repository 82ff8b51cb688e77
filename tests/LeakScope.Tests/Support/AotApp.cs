namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// tests/LeakScope.AotApp published as NativeAOT with EventSource left off (the NativeAOT default):
/// the kind of app no EventPipe session can see. The AOT compile takes a minute or two, so it is
/// published once per test run, on first use, under the test output (a rerun publishes again:
/// MSBuild compiles again only what changed), as <see cref="AotTool"/> does for the tool.
/// </summary>
internal sealed class AotApp
{
    private static readonly TimeSpan s_publishPatience = TimeSpan.FromMinutes(20);
    private static readonly Lazy<AotApp> s_published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    private AotApp(string executable, string source)
    {
        Executable = executable;
        Source = source;
    }

    /// <summary>Published on first use; a failure fails every test that uses it.</summary>
    public static AotApp Published => s_published.Value;

    /// <summary>The native executable.</summary>
    public string Executable { get; }

    /// <summary>Its Program.cs, whose marker comments name the lines the reports must give.</summary>
    public string Source { get; }

    /// <summary>The 1-based line of Program.cs that carries <paramref name="marker"/> (a comment such as <c>// LEAK</c>).</summary>
    public int LineOf(string marker) =>
        File.ReadAllLines(Source).Select((line, index) => (line, index)).Single(l => l.line.EndsWith("// " + marker, StringComparison.Ordinal)).index + 1;

    private static AotApp Publish()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "aot-app");
        string project = Path.Combine(CheckRunner.RepositoryRoot, "tests", "LeakScope.AotApp");
        using ChildProcess publish = ChildProcess.Start(ChildProcess.DotnetHost, "publish", project, "-c", "Release", "-r", "linux-x64", "-o", output);
        Assert.True(publish.WaitForExit(s_publishPatience), $"dotnet publish {project} did not finish in {s_publishPatience.TotalMinutes} min.");
        Assert.True(publish.ExitCode == 0, $"dotnet publish {project} failed ({publish.ExitCode}):\n{publish.Output}\n{publish.Errors}");
        return new AotApp(Path.Combine(output, "LeakScope.AotApp"), Path.Combine(project, "Program.cs"));
    }
}
