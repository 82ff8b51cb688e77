namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The tool's build output copied where any user can read it: the original may sit in a directory
/// only root can enter (a clone in a private temp dir). Deleted when the tests using it are done.
/// </summary>
public sealed class ReadableToolCopy : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public ReadableToolCopy()
    {
        DirectoryInfo copy = System.IO.Directory.CreateTempSubdirectory("leakscope-tool-");
        copy.UnixFileMode = Readable;
        foreach (string file in System.IO.Directory.GetFiles(AppContext.BaseDirectory))
        {
            string target = Path.Combine(copy.FullName, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, Readable);
        }

        Directory = copy.FullName;
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
