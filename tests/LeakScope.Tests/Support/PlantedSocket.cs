namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// A Unix socket that <c>nobody</c> (or, with <see cref="PlantOwn"/>, the test's own user) listens
/// on under a process's diagnostic-socket name in the temp directory, dated a minute ahead so that
/// it is the newest one for that pid. Dispose kills the listener and deletes the file. Planting as
/// nobody needs root (see <see cref="Nobody"/>).
/// </summary>
internal sealed class PlantedSocket : IDisposable
{
    private readonly ChildProcess _listener;

    private PlantedSocket(ChildProcess listener, string path)
    {
        _listener = listener;
        Path = path;
    }

    public string Path { get; }

    /// <param name="readableCopy">Where nobody can read the test app.</param>
    /// <param name="pid">The process whose socket name is taken.</param>
    /// <param name="behaviour">"silent": never answers; "garbage": answers with bytes that are no reply.</param>
    public static PlantedSocket Plant(ReadableToolCopy readableCopy, int pid, string behaviour)
    {
        // Without a diagnostic socket of its own: killed, it would leave one behind, of nobody's, for a pid that gets reused.
        ChildProcess listener = Nobody.Start("DOTNET_EnableDiagnostics=0", ChildProcess.DotnetHost, System.IO.Path.Combine(readableCopy.Directory, "LeakScope.TestApp.dll"));
        return Plant(listener, pid, behaviour);
    }

    /// <summary>
    /// The same, listened on by the test's own user: the owner of a process the test started, so the
    /// socket passes the ownership check and is connected to, as a hung runtime's would be.
    /// </summary>
    public static PlantedSocket PlantOwn(int pid, string behaviour)
    {
        ChildProcess listener = ChildProcess.Start("env", "DOTNET_EnableDiagnostics=0", ChildProcess.DotnetHost, System.IO.Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll"));
        return Plant(listener, pid, behaviour);
    }

    private static PlantedSocket Plant(ChildProcess listener, int pid, string behaviour)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dotnet-diagnostic-{pid}-999999999-socket");
        var planted = new PlantedSocket(listener, path);
        try
        {
            listener.WaitForLine(line => line == "ready", "ready");
            listener.Send($"impostor {path} {behaviour}");
            listener.WaitForLine(line => line == "ok impostor", "'ok impostor'");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
            return planted;
        }
        catch
        {
            planted.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(Path);
    }
}
