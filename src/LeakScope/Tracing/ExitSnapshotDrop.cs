using LeakScope.Cli.Check;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// A private directory a session names in its <c>ExitSnapshotDirectory</c> argument (docs/events.md):
/// the runtime writes its exit snapshot file there as it exits, after EventPipe has closed, so
/// <c>monitor</c> knows exactly what was open at a normal exit, young scopes included.
/// </summary>
internal sealed class ExitSnapshotDrop : IDisposable
{
    private static readonly TimeSpan s_goneTimeout = TimeSpan.FromSeconds(5);

    private readonly DirectoryInfo _directory;

    private ExitSnapshotDrop(DirectoryInfo directory) => _directory = directory;

    public string Path => _directory.FullName;

    /// <summary>
    /// Made readable by this user only (0700), for a target of the same user. Null for another user's
    /// process (a directory it could write to is one it could plant links in for a root tool to read)
    /// and where no directory can be made; and for a process of another pid namespace, which names its
    /// exit snapshot file with its pid there and may not see this directory (another mount namespace).
    /// </summary>
    public static ExitSnapshotDrop? TryCreate(TargetProcess target)
    {
        if (!OperatingSystem.IsLinux() || !target.Visible || target.NamespacePid is not null || ProcessOwner.UidOf(target.Pid)?.ToString(System.Globalization.CultureInfo.InvariantCulture) is not { } targetUid || targetUid != ProcessOwner.CurrentUid)
        {
            return null;
        }

        DirectoryInfo directory;
        try
        {
            directory = Directory.CreateTempSubdirectory("leakscope-exit-");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return new ExitSnapshotDrop(directory);
    }

    /// <summary>Once the target has ended: waits (bounded) for it to be gone and feeds its exit snapshot file, if it wrote one, into the tracker.</summary>
    public async Task<bool> TryApplyAsync(TargetProcess target, ScopeTracker tracker, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + s_goneTimeout;
        while (!ProcessLiveness.HasEnded(target) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return ExitSnapshotReader.TryApply(Path, target.Pid, tracker, out (string Reason, string Cause)? abruptEnd, out _) && abruptEnd is null;
    }

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary directory; nothing of the user's is lost.
        }
    }
}
