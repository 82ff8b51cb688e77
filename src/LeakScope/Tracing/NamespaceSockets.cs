using System.Globalization;
using System.Net.Sockets;
using LeakScope.Cli.Check;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Attaching by pid across a shared temp directory (a sidecar with an emptyDir on /tmp and no shared
/// process namespace): the runtime names its socket with its pid in its own pid namespace, which
/// here names another process, or none. The kernel says who really listens on each socket
/// (<see cref="SocketListener"/>: its pid here, 0 when its namespace cannot be seen), so a socket
/// named for a pid whose listener is not that process is a process of another namespace, and is
/// never taken for the local process of the same pid, nor that process for it.
/// </summary>
/// <remarks>
/// A process whose namespace is visible here (a container seen from the host) is then checked as
/// with a pid, by the pid seen here. One that cannot be seen has no /proc entry to check: its socket
/// is trusted only when its listener is this user or root (a socket of another user's could be
/// anybody's), and it is named by what its runtime tells. Linux only.
/// </remarks>
internal static class NamespaceSockets
{
    private const string RuntimePrefix = "dotnet-diagnostic-";
    private static readonly TimeSpan s_nameTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Among <paramref name="named"/>, the files named for <paramref name="pid"/>, the live runtime
    /// sockets of processes other than process <paramref name="pid"/> here (and other than this
    /// tool, whose own socket shares a pid with the app when both are their container's first process).
    /// </summary>
    /// <param name="pid">The pid the names carry.</param>
    /// <param name="named">The socket files named for it.</param>
    /// <param name="localListens">Process <paramref name="pid"/> here listens on one of them: it is a .NET process of this namespace.</param>
    public static IReadOnlyList<NamespacedSocket> Elsewhere(int pid, IEnumerable<string> named, out bool localListens)
    {
        localListens = false;
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        string prefix = RuntimePrefix + pid.ToString(CultureInfo.InvariantCulture) + "-";
        var elsewhere = new List<NamespacedSocket>();
        foreach (string path in named)
        {
            // A dsrouter's socket is listened on by the router, never by the process it names.
            if (!System.IO.Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal) || SocketListener.Probe(path) is not { } listener)
            {
                continue;
            }

            if (listener.Pid == pid)
            {
                // A leakscope is never the process meant: in a sidecar whose command is 'leakscope monitor', that one is pid 1 as the app is in its container.
                localListens |= pid != Environment.ProcessId && DotnetProcesses.DisplayName(pid, string.Empty) != "leakscope";
            }
            else if (listener.Pid != Environment.ProcessId && (listener.Pid == 0 || PidInOwnNamespace(listener.Pid) == pid))
            {
                elsewhere.Add(new NamespacedSocket(path, pid, listener));
            }
        }

        return elsewhere;
    }

    /// <summary>
    /// The pid a process seen here has in its own, nested, pid namespace (the last of /proc's NSpid);
    /// null when it is in this one, or unreadable. A process of this namespace listening on a socket
    /// named for another pid is no container's process but an impostor, left to <see cref="DiagnosticSocket"/>'s checks.
    /// </summary>
    private static int? PidInOwnNamespace(int pidHere)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pidHere}/status").FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
            string[] pids = line?["NSpid:".Length..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) ?? [];
            return pids.Length > 1 && int.TryParse(pids[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int own) ? own : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The process <paramref name="pid"/> names when it is a process of another pid namespace whose
    /// socket is in this temp directory; null when none is there, and <paramref name="pid"/> is
    /// attached to as a process of this namespace.
    /// </summary>
    /// <exception cref="LeakScopeException">Two processes answer to the pid (exit 3), or the socket's listener is another user (exit 16).</exception>
    public static async Task<TargetProcess?> ResolveAsync(int pid, CancellationToken cancellationToken)
    {
        IReadOnlyList<NamespacedSocket> elsewhere = Elsewhere(pid, DiagnosticSocket.Find(pid), out bool localListens);
        if (elsewhere.Count == 0)
        {
            return null;
        }

        if (localListens || elsewhere.Count > 1)
        {
            string here = localListens ? string.Create(CultureInfo.InvariantCulture, $"process {pid} of this pid namespace, ") : string.Empty;
            string others = string.Join(", ", elsewhere.Select(s => s.Visible
                ? string.Create(CultureInfo.InvariantCulture, $"process {s.Listener.Pid} ({s.Path})")
                : string.Create(CultureInfo.InvariantCulture, $"a process of another pid namespace ({s.Path})")));
            throw new LeakScopeException(
                ReturnCode.UsageError,
                $"Pid {pid} names more than one .NET process: {here}{others}. Give the socket of the one you mean: --diagnostic-port PATH,connect.");
        }

        return await FromSocketAsync(elsewhere[0], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The process listening on <paramref name="path"/> (<c>--diagnostic-port PATH,connect</c>):
    /// named and checked by its pid here when its namespace is visible, else by what its runtime tells.
    /// </summary>
    public static async Task<TargetProcess> FromPathAsync(string path, CancellationToken cancellationToken)
    {
        string shown = Reporting.DisplayText.Escape(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new LeakScopeException(ReturnCode.UsageError, "--diagnostic-port PATH,connect is supported on Linux only.");
        }

        if (FileOwner.IsSocket(path) is not true)
        {
            throw new LeakScopeException(ReturnCode.TargetNotFound, $"No socket at {shown}.");
        }

        if (SocketListener.Probe(path) is not { } listener)
        {
            throw new LeakScopeException(ReturnCode.TargetNotFound, $"Nothing listens on {shown}: the process that made it has exited.");
        }

        if (listener.Pid == Environment.ProcessId)
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"{shown} is leakscope's own socket.");
        }

        string name = System.IO.Path.GetFileName(path);
        int pid = name.StartsWith(RuntimePrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(RuntimePrefix.Length, Math.Max(0, name.IndexOf('-', RuntimePrefix.Length) - RuntimePrefix.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out int named)
            ? named
            : listener.Pid;
        return await FromSocketAsync(new NamespacedSocket(System.IO.Path.GetFullPath(path), pid, listener), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TargetProcess> FromSocketAsync(NamespacedSocket socket, CancellationToken cancellationToken)
    {
        if (!DiagnosticSocket.IsPlainAddress(socket.Path))
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"The socket {Reporting.DisplayText.Escape(socket.Path)} has a path the diagnostics client cannot take (a comma, or characters a URI escapes): use a temp directory without them.");
        }

        if (socket.Visible)
        {
            // Seen from here: its /proc entry, user and start time are checked under its pid here, as any attach by pid.
            try
            {
                return TargetProcess.FromPid(socket.Listener.Pid) with { DiagnosticAddress = socket.Path, NamespacePid = socket.NamespacePid };
            }
            catch (LeakScopeException ex) when (ex.Code == ReturnCode.TargetNotFound)
            {
                throw new LeakScopeException(ReturnCode.TargetExited, string.Create(CultureInfo.InvariantCulture, $"Process {socket.Listener.Pid}, pid {socket.NamespacePid} in its namespace, has exited."), ex);
            }
        }

        string? self = ProcessOwner.CurrentUid;
        if (socket.Listener.Uid != 0 && socket.Listener.Uid.ToString(CultureInfo.InvariantCulture) != self)
        {
            throw new LeakScopeException(
                ReturnCode.ForeignDiagnosticSocket,
                string.Create(CultureInfo.InvariantCulture, $"Refusing to connect to {Reporting.DisplayText.Escape(socket.Path)}: it is listened on by uid {socket.Listener.Uid} in a pid namespace not visible from here, so nothing shows which process that is; only a socket of your own user (uid {self}) or root is trusted. Run leakscope as uid {socket.Listener.Uid}."));
        }

        (string name, _) = await DescribeAsync(socket, cancellationToken).ConfigureAwait(false);
        return new TargetProcess(socket.NamespacePid, name, null) { DiagnosticAddress = socket.Path, Visible = false, NamespacePid = socket.NamespacePid };
    }

    /// <summary>The name (the entry assembly the runtime tells, else its command line's) and command line of a process /proc here does not show.</summary>
    public static async Task<(string Name, string CommandLine)> DescribeAsync(NamespacedSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_nameTimeout);
        try
        {
            using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket.Path), timeout.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            (string commandLine, string entryAssembly) = await DiagnosticIpc.ReadProcessInfoAsync(stream, timeout.Token).ConfigureAwait(false);
            return (entryAssembly.Length > 0 ? entryAssembly : DotnetProcesses.NameFromCommandLine(commandLine) ?? "process in another pid namespace", commandLine);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LeakScopeException(ReturnCode.TargetNotResponding, string.Create(CultureInfo.InvariantCulture, $"The process listening on {Reporting.DisplayText.Escape(socket.Path)} did not answer within {s_nameTimeout.TotalSeconds:0} s."));
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            throw new LeakScopeException(ReturnCode.TargetExited, $"The process listening on {Reporting.DisplayText.Escape(socket.Path)} went away: {ex.Message}", ex);
        }
    }
}
