using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>
/// <c>check</c>'s private directory. Its root (mode 0711) can be passed through but not listed by
/// other users; it holds the diagnostic port under an unguessable name, open to every user
/// (0622), because a process the command runs as another user (<c>runuser</c>, <c>sudo -E</c>)
/// must reach the port or it stays paused at start-up forever: knowing the name, which only the
/// command's environment carries, is what lets a process in. The exit snapshots and recordings go
/// in <see cref="Data"/>, which only this user can enter (0700).
/// </summary>
internal sealed partial class CheckDirectory
{
    private const string Prefix = "leakscope-check-";
    private const string DataName = "data";
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private CheckDirectory(string root, string portName)
    {
        Root = root;
        PortName = portName;
    }

    public string Root { get; }

    /// <summary>The port's file name: <c>port-</c> and 128 random bits.</summary>
    public string PortName { get; }

    public string PortPath => Path.Combine(Root, PortName);

    /// <summary>Exit snapshots and recordings: this user's only.</summary>
    public string Data => Path.Combine(Root, DataName);

    public static CheckDirectory Create()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory(Prefix);
        var created = new CheckDirectory(root.FullName, "port-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(created.Data);
        }
        else
        {
            Directory.CreateDirectory(created.Data, Private);
            root.UnixFileMode = Traversable;
        }

        return created;
    }

    /// <summary>
    /// The directory a port keeper was given, when it is one <see cref="Create"/> made for this user:
    /// the keeper deletes it in the end, so a mistyped or malicious argument must not name anything else.
    /// </summary>
    public static CheckDirectory? Open(string root, string portName)
    {
        string full = Path.GetFullPath(root);
        bool isOurs = Path.GetDirectoryName(full) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()))
            && Path.GetFileName(full).StartsWith(Prefix, StringComparison.Ordinal)
            && PortNamePattern().IsMatch(portName)
            && Directory.Exists(full)
            && (!OperatingSystem.IsLinux() || FileOwner.Uid(full)?.ToString(System.Globalization.CultureInfo.InvariantCulture) == ProcessOwner.CurrentUid);
        return isOurs ? new CheckDirectory(full, portName) : null;
    }

    /// <summary>Removes the exit snapshots and recordings; the port may still be handed over.</summary>
    public void DeleteData() => TryDelete(() => Directory.Delete(Data, recursive: true));

    /// <summary>Removes what <see cref="Create"/> made and what went into <see cref="Data"/>; anything else put in the root keeps it.</summary>
    public void Delete()
    {
        DeleteData();
        TryDelete(() => File.Delete(PortPath));
        TryDelete(() => Directory.Delete(Root, recursive: false));
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Already gone, or not ours to remove: nothing the report depends on.
        }
    }

    [GeneratedRegex("^port-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex PortNamePattern();
}
