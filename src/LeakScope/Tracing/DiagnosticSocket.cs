using System.Globalization;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Checks, before LeakScope connects, that the sockets named for a process in the temp directory
/// are the process's own. Any local user can create <c>dotnet-diagnostic-{pid}-{anything}-socket</c>
/// in a shared temp directory, and Microsoft.Diagnostics.NETCore.Client connects to the newest file
/// so named (a dsrouter socket, <c>dotnet-diagnostic-dsrouter-{pid}-*-socket</c>, wins when newer):
/// a socket that never answers made a healthy process look hung, one that answers garbage made it
/// look gone. The runtime listens on its socket in the process itself, so the kernel's record of
/// who listens (<see cref="SocketListener"/>) must be the process's user, or root.
/// </summary>
/// <remarks>
/// <para>Having checked, LeakScope connects to the newest verified socket by its path rather than
/// letting the client search again, so a socket planted after the check is never used; what
/// remains is a file replaced between check and connect, which in a sticky temp directory (/tmp)
/// only its owner, the process's user, or root can do.</para>
/// <para>Another user's socket with a live listener is always refused, even beside a verified one
/// that would be used instead: no accident makes one (the pid names a live process, and no other
/// process listens under its name), so it is an attempt to impersonate, and the user is told
/// which file it is. A file where no listener answers cannot impersonate anything and is never
/// connected to; such files are common leftovers of killed processes whose pid was since reused,
/// so another user's one is refused only when no socket verified and the client would search
/// itself: it might pick that file, whose owner can make it listen at any moment.</para>
/// <para>Linux only (SO_PEERCRED, statx); elsewhere nothing is checked and the client chooses. A
/// process in another PID namespace (a container seen from the host) names its socket with its own
/// pid inside the container, so none is found here and the client's own search, unchecked, applies.</para>
/// </remarks>
internal static class DiagnosticSocket
{
    private const uint Root = 0;
    private static readonly string[] s_prefixes = ["dotnet-diagnostic-", "dotnet-diagnostic-dsrouter-"];

    /// <summary>Where the runtime and the client put diagnostic sockets: <c>$TMPDIR</c>, else /tmp.</summary>
    public static string Directory => Path.GetTempPath();

    /// <summary>
    /// The verified socket to connect to, or null to let the client find it (nothing to check: no
    /// socket, not Linux, or none answered, so the client reports the failure as before).
    /// </summary>
    /// <exception cref="LeakScopeException">A socket named for the process is another user's.</exception>
    public static string? VerifiedAddress(TargetProcess target)
    {
        IReadOnlyList<SocketCandidate> candidates = Inspect(target.Pid, out uint? targetUid);
        string? address = Choose(candidates);
        if (Foreign(candidates, address) is { } foreign)
        {
            throw new LeakScopeException(ReturnCode.ForeignDiagnosticSocket, Refusal(target, foreign, targetUid));
        }

        return address;
    }

    /// <summary>
    /// Among <paramref name="named"/>, the files named for <paramref name="pid"/> (<see cref="ListByPid"/>),
    /// the socket for which attaching would be refused, or null.
    /// </summary>
    public static SocketCandidate? FindForeign(int pid, IEnumerable<string> named)
    {
        IReadOnlyList<SocketCandidate> candidates = Inspect(pid, named, out _);
        return Foreign(candidates, Choose(candidates));
    }

    /// <summary>Every socket named for the process, each checked; empty when the process's user is unknown (it exited) or not on Linux.</summary>
    public static IReadOnlyList<SocketCandidate> Inspect(int pid, out uint? targetUid) => Inspect(pid, Find(pid), out targetUid);

    /// <summary>
    /// Every file in the temp directory named as a diagnostic socket (both prefixes), by the pid in
    /// its name, from one listing: a temp directory shared for years holds thousands of stale
    /// sockets, and a search per process made <c>ps</c> cost processes x files.
    /// </summary>
    public static ILookup<int, string> ListByPid()
    {
        IEnumerable<string> files;
        try
        {
            files = System.IO.Directory.EnumerateFiles(Directory, s_prefixes[0] + "*-socket");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>().ToLookup(_ => 0);
        }

        var named = new List<(int Pid, string Path)>();
        foreach (string path in files)
        {
            if (PidInName(Path.GetFileName(path)) is int pid)
            {
                named.Add((pid, path));
            }
        }

        return named.ToLookup(entry => entry.Pid, entry => entry.Path);
    }

    /// <summary>The pid of <c>dotnet-diagnostic-[dsrouter-]{pid}-{anything}-socket</c>, as <see cref="Find"/>'s patterns match it.</summary>
    private static int? PidInName(string name)
    {
        // The longer prefix first: "dotnet-diagnostic-" is a prefix of it.
        foreach (string prefix in s_prefixes.OrderByDescending(p => p.Length))
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string rest = name[prefix.Length..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            return dash > 0
                && rest.EndsWith("-socket", StringComparison.Ordinal)
                && rest.Length >= dash + "--socket".Length
                && int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                ? pid
                : null;
        }

        return null;
    }

    private static IReadOnlyList<SocketCandidate> Inspect(int pid, IEnumerable<string> named, out uint? targetUid)
    {
        targetUid = OperatingSystem.IsLinux() ? ProcessOwner.UidOf(pid) : null;
        if (targetUid is not uint owner)
        {
            return [];
        }

        var candidates = new List<SocketCandidate>();
        foreach (string path in named)
        {
            DateTime lastWrite = File.GetLastWriteTimeUtc(path);
            if (SocketListener.Probe(path) is { } listener)
            {
                SocketStanding standing = listener.Uid == owner || listener.Uid == Root ? SocketStanding.Verified : SocketStanding.Foreign;
                candidates.Add(new SocketCandidate(path, lastWrite, standing, listener.Uid, Listened: true));
            }
            else
            {
                uint? fileOwner = FileOwner.Uid(path);
                SocketStanding standing = fileOwner is uint uid && uid != owner && uid != Root ? SocketStanding.Foreign : SocketStanding.Unanswered;
                candidates.Add(new SocketCandidate(path, lastWrite, standing, fileOwner, Listened: false));
            }
        }

        return candidates;
    }

    /// <summary>The newest verified socket, when the client can be given its path; else null, and the client searches.</summary>
    private static string? Choose(IReadOnlyList<SocketCandidate> candidates) =>
        candidates
            .Where(c => c.Standing == SocketStanding.Verified)
            .OrderByDescending(c => c.LastWrite)
            .FirstOrDefault() is { } newest && IsPlainAddress(newest.Path) ? newest.Path : null;

    /// <summary>Another user's live listener; or, when the client will search itself, any file of another user's.</summary>
    private static SocketCandidate? Foreign(IReadOnlyList<SocketCandidate> candidates, string? address) =>
        candidates.FirstOrDefault(c => c.Standing == SocketStanding.Foreign && (c.Listened || address is null));

    /// <summary>The files the diagnostics client would consider for <paramref name="pid"/>.</summary>
    public static IEnumerable<string> Find(int pid)
    {
        string pidText = pid.ToString(CultureInfo.InvariantCulture);
        foreach (string prefix in s_prefixes)
        {
            string[] paths;
            try
            {
                paths = System.IO.Directory.GetFiles(Directory, $"{prefix}{pidText}-*-socket");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string path in paths)
            {
                yield return path;
            }
        }
    }

    /// <summary>
    /// A path the client's endpoint parser takes as it is: it splits on commas and reads an absolute
    /// path as a file URI, escaping what a URI must. Other paths are left to the client's own search.
    /// </summary>
    public static bool IsPlainAddress(string path) =>
        !path.Contains(',', StringComparison.Ordinal)
        && (!Uri.TryCreate(path, UriKind.Absolute, out Uri? uri) || uri.AbsolutePath == path);

    private static string Refusal(TargetProcess target, SocketCandidate foreign, uint? targetUid)
    {
        string who = foreign.Listened ? $"is listened on by uid {foreign.Uid}" : $"belongs to uid {foreign.Uid} (no listener answered)";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Refusing to connect to {target}: the diagnostic socket {foreign.Path} {who}, not the process's user (uid {targetUid}) or root; another local user may be impersonating the process. Remove the file if it should not be there.");
    }
}
