using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Who listens on a Unix socket, as the kernel reports it (SO_PEERCRED on a connection to it): the
/// pid and uid the listener had when it called listen(). Unlike the file's owner or name, a local
/// user cannot forge this. Linux only.
/// </summary>
internal static class SocketListener
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The listener's credentials, or null when no listener accepted a connection.</summary>
    /// <remarks>
    /// The connect is non-blocking: on a Unix socket it completes at once when a listener has room
    /// in its backlog, and fails at once otherwise (no listener: the file is stale; a full backlog;
    /// no permission to connect). Nothing is sent: the runtime drops a connection that closes
    /// before a request.
    /// </remarks>
    public static ListenerCredentials? Probe(string path)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return PeerOf(socket);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or IOException)
        {
            // ArgumentException: a path too long for a socket address, which nobody can listen on either.
            return null;
        }
    }

    /// <summary>
    /// The other end of a connected Unix socket, as the kernel recorded it when the connection was
    /// made: for an accepted connection, the connecting process. The pid is as this process sees it
    /// (0 when the peer is in a pid namespace this one cannot see, such as another container).
    /// </summary>
    public static ListenerCredentials? PeerOf(Socket socket)
    {
        Span<byte> credentials = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) < 8)
        {
            return null;
        }

        return new ListenerCredentials(
            MemoryMarshal.Read<int>(credentials),
            MemoryMarshal.Read<uint>(credentials[4..]));
    }
}
