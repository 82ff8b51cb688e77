namespace LeakScope.Cli.Tests.Support;

/// <summary>A file of nobody's under a process's diagnostic-socket name that nothing listens on, as a killed process leaves behind. Deleted on dispose.</summary>
internal sealed class StaleFile : IDisposable
{
    private StaleFile(string path) => Path = path;

    public string Path { get; }

    public static StaleFile CreateAsNobody(int pid)
    {
        var stale = new StaleFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dotnet-diagnostic-{pid}-999999998-socket"));
        using ChildProcess touch = ChildProcess.Start("runuser", "-u", "nobody", "--", "touch", stale.Path);
        Assert.True(touch.WaitForExit(ChildProcess.Patience) && touch.ExitCode == 0, $"touch as nobody failed: {touch.Errors}");
        File.SetLastWriteTimeUtc(stale.Path, DateTime.UtcNow.AddMinutes(1));
        return stale;
    }

    public void Dispose() => File.Delete(Path);
}
