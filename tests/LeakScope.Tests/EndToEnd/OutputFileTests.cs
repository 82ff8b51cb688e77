using System.Diagnostics;
using LeakScope.Cli.Tests.Support;

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Files the tool writes, often as root: planted links and files are never followed or reused, output
/// is readable by the user only, a bad path fails before any work, and a full disk is an error.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OutputFileTests : IDisposable
{
    private const UnixFileMode UserOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = Directory.CreateTempSubdirectory("leakscope-output-").FullName;

    [Fact]
    public async Task Report_ReplacesAPlantedLink_AndIgnoresPlantedTemporaryNames()
    {
        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        string victim = Path.Combine(_directory, "victim");
        File.WriteAllText(victim, "precious");
        string report = Path.Combine(_directory, "report.json");
        File.CreateSymbolicLink(report, victim);
        // The names the tool once used for its temporary file: a link to the victim, a world-writable file.
        File.CreateSymbolicLink($"{report}.tmp-{Environment.ProcessId}", victim);
        string planted = Path.Combine(_directory, "snapshot.txt");
        File.WriteAllText($"{planted}.tmp-{Environment.ProcessId}", "planted");
        File.SetUnixFileMode($"{planted}.tmp-{Environment.ProcessId}", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);

        (int json, CliRun jsonRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", report);
        (int text, CliRun textRun) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "-o", planted);

        Assert.True(json == 1, jsonRun.Error);
        Assert.True(text == 1, textRun.Error);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.False(File.GetAttributes(report).HasFlag(FileAttributes.ReparsePoint));
        Assert.Contains("\"verdict\": \"leaks\"", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Equal(UserOnly, File.GetUnixFileMode(report));
        Assert.Equal(UserOnly, File.GetUnixFileMode(planted));
        Assert.StartsWith("LeakScope snapshot", File.ReadAllText(planted), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, "*.leakscope-tmp"));
    }

    [Theory]
    [InlineData("snapshot")]
    [InlineData("monitor")]
    [InlineData("collect")]
    [InlineData("report")]
    [InlineData("demo")]
    public async Task OutputInAMissingDirectory_FailsAtOnce_NamingOnlyThatPath(string command)
    {
        using TargetApp app = TargetApp.Start();
        string output = Path.Combine(_directory, "missing", "x.out");
        string[] target = command switch
        {
            "report" => [Path.Combine(_directory, "any.nettrace")],
            "demo" => [],
            _ => [app.Pid.ToString()],
        };
        var clock = Stopwatch.StartNew();

        string[] duration = command is "snapshot" or "report" ? [] : ["--duration", "60"];

        (int code, CliRun run) = await CliRun.RunAsync([command, .. target, .. duration, "-o", output]);

        Assert.Equal(3, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal($"leakscope: Cannot write {output}: the directory {Path.GetDirectoryName(output)} does not exist.", run.Error.Trim());
    }

    [Fact]
    public async Task Collect_OntoAFullDisk_FailsWithItsOwnCode_AndLeavesNothing()
    {
        using TinyFileSystem? disk = TinyFileSystem.TryMount(_directory, "64k");
        if (disk is null)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 1");
        string trace = Path.Combine(disk.Path, "run.nettrace");
        var collect = new CliRun();
        Task<int> collecting = collect.InvokeAsync("collect", app.Pid.ToString(), "-o", trace, "--all-events", "--duration", "30");
        await Eventually.TrueAsync(() => collect.Error.Contains("Recording", StringComparison.Ordinal) || collecting.IsCompleted, "collect to attach");
        // Scopes left open, each its own named record: balanced pairs in a loop are a few bytes per batch (closed records).
        app.Run("leak 4000");

        int code = await collecting.WaitAsync(ChildProcess.Patience);

        Assert.True(code == 15, collect.Error);
        Assert.Contains($"leakscope: Cannot write the recording to {trace}: No space left on device", collect.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrote", collect.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("leakscope-tmp", collect.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task Report_OntoAFullDisk_FailsWithItsOwnCode_AndLeavesNothing()
    {
        using TinyFileSystem? disk = TinyFileSystem.TryMount(_directory, "16k");
        if (disk is null)
        {
            return;
        }

        using TargetApp app = TargetApp.Start();
        app.Run("leak 300");
        string filler = Path.Combine(disk.Path, "filler");
        File.WriteAllBytes(filler, new byte[12 * 1024]);
        string report = Path.Combine(disk.Path, "report.json");

        (int code, CliRun run) = await CliRun.RunAsync("snapshot", app.Pid.ToString(), "--min-age", "0", "--format", "json", "-o", report);

        Assert.True(code == 15, run.Error);
        Assert.Equal($"leakscope: Cannot write the report to {report}: No space left on device", run.Error.Trim());
        Assert.Equal([filler], Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void CheckTrace_OntoAFullDisk_StillWritesTheReport_ThenFailsWithItsOwnCode()
    {
        using TinyFileSystem? disk = TinyFileSystem.TryMount(_directory, "16k");
        if (disk is null)
        {
            return;
        }

        string filler = Path.Combine(disk.Path, "filler");
        File.WriteAllBytes(filler, new byte[14 * 1024]);
        using var check = new CheckRunner();
        string trace = Path.Combine(disk.Path, "run.nettrace");
        string report = check.PathOf("r.json");

        using ChildProcess tool = check.Run(["--trace", trace, "-o", report], CheckRunner.App("leak 1;balanced 5000;exit"));

        Assert.True(tool.ExitCode == 15, tool.Errors);
        Assert.Contains($"leakscope: Cannot write the trace to {trace}: ", tool.Errors, StringComparison.Ordinal);
        Assert.Contains("exit code 1 (leaks found)", tool.Errors, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"leaks\"", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Equal([filler], Directory.GetFileSystemEntries(disk.Path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
