namespace LeakScope.Cli.Tracing;

/// <summary>
/// A runtime's diagnostic socket, <c>dotnet-diagnostic-{pid}-*-socket</c>, listened on by a process
/// that is not process {pid} here: a process in another pid namespace (another container sharing
/// this temp directory) names its socket with its pid there.
/// </summary>
/// <param name="Path">The socket file.</param>
/// <param name="NamespacePid">The pid in its name: the process's pid in its own namespace.</param>
/// <param name="Listener">Who listens, from the kernel: the pid is as seen here, 0 when its namespace is not visible from here.</param>
internal sealed record NamespacedSocket(string Path, int NamespacePid, ListenerCredentials Listener)
{
    /// <summary>The process is in a pid namespace this one can see (a container seen from the host): <see cref="ListenerCredentials.Pid"/> names it here.</summary>
    public bool Visible => Listener.Pid > 0;
}
