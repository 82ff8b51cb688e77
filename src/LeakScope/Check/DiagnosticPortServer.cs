using System.Net.Sockets;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>
/// A reverse diagnostic port: every .NET runtime started with <see cref="EnvironmentValue"/> in
/// <c>DOTNET_DiagnosticPorts</c> connects here and pauses before running any managed code. The
/// first connection of each runtime is handed to <c>onRuntime</c>; the runtime reconnects after
/// every command, and those later connections are offered to <c>onReconnect</c> (monitor's listen
/// mode sends commands on them) or held open (closing them would make it retry in a loop) until
/// the server is disposed or the process exits.
/// </summary>
/// <remarks>
/// check's socket file can be connected to by every user (its directory decides who can reach it, see
/// <see cref="CheckDirectory"/>): a runtime that cannot connect is never resumed. monitor's is its user's only.
/// </remarks>
internal sealed class DiagnosticPortServer : IAsyncDisposable
{
    private static readonly TimeSpan s_advertiseTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly Func<AdvertisedRuntime, Task> _onRuntime;
    private readonly Func<AdvertisedRuntime, Socket, bool>? _onReconnect;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<Guid, AdvertisedRuntime> _runtimes = [];
    private readonly List<Socket> _held = [];
    private readonly Task _accepting;

    /// <summary>check's port: its directory decides who can reach it.</summary>
    public const UnixFileMode AnyoneMayConnect = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>A port in a directory the user chose (<c>monitor --diagnostic-port</c>): this user (and root) only.</summary>
    public const UnixFileMode UserOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public DiagnosticPortServer(string socketPath, Func<AdvertisedRuntime, Task> onRuntime)
        : this(socketPath, AnyoneMayConnect, onRuntime, onReconnect: null)
    {
    }

    /// <param name="socketPath">Where to listen.</param>
    /// <param name="mode">The socket file's permissions, set before anything can connect (connecting needs write permission).</param>
    /// <param name="onRuntime">Called with each runtime's first connection.</param>
    /// <param name="onReconnect">Offered each later connection of a runtime; true when it took it, else the connection is held open.</param>
    public DiagnosticPortServer(string socketPath, UnixFileMode mode, Func<AdvertisedRuntime, Task> onRuntime, Func<AdvertisedRuntime, Socket, bool>? onReconnect)
    {
        SocketPath = socketPath;
        _onRuntime = onRuntime;
        _onReconnect = onReconnect;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            if (!OperatingSystem.IsWindows())
            {
                // Before listen(): until then every connection is refused, so none gets in under the umask's mode.
                File.SetUnixFileMode(socketPath, mode);
            }

            _listener.Listen(64);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>
    /// Serves a port whose previous server is gone (its process died or handed the port over): the
    /// socket file it left is replaced, and runtimes, which retry their connection, come here.
    /// </summary>
    public static DiagnosticPortServer TakeOver(string socketPath, Func<AdvertisedRuntime, Task> onRuntime)
    {
        File.Delete(socketPath);
        return new DiagnosticPortServer(socketPath, onRuntime);
    }

    public string SocketPath { get; }

    /// <summary>The value of <c>DOTNET_DiagnosticPorts</c> that makes a runtime connect here and wait.</summary>
    public string EnvironmentValue => SocketPath + ",connect,suspend";

    /// <summary>Every runtime that connected so far.</summary>
    public IReadOnlyList<AdvertisedRuntime> Runtimes
    {
        get
        {
            lock (_runtimes)
            {
                return [.. _runtimes.Values];
            }
        }
    }

    /// <summary>
    /// Whether a runtime is still connected. A resumed runtime keeps a connection to its port open
    /// for as long as it lives, so one that reads end-of-stream belongs to a process that is gone.
    /// </summary>
    public bool AnyRuntimeConnected()
    {
        lock (_runtimes)
        {
            _held.RemoveAll(socket =>
            {
                if (!IsClosed(socket))
                {
                    return false;
                }

                socket.Dispose();
                return true;
            });
            return _held.Count > 0 || _runtimes.Values.Any(r => !r.Resumed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The file goes while it is still ours: once nobody listens, another leakscope may take the
        // path over as a stale socket, and deleting it after that would delete that one's socket.
        try
        {
            File.Delete(SocketPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory holding it is removed by the caller anyway.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping is the point.
        }

        lock (_runtimes)
        {
            foreach (Socket socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private static bool IsClosed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private Task AcceptAsync() => SocketAcceptLoop.RunAsync(_listener, _stop.Token, HandleAsync);

    private async Task HandleAsync(Socket connection)
    {
        (int Pid, Guid Cookie) advertised;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(s_advertiseTimeout);
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            advertised = await DiagnosticIpc.ReadAdvertiseAsync(stream, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or OverflowException)
        {
            connection.Dispose();
            return;
        }

        AdvertisedRuntime? fresh = null;
        lock (_runtimes)
        {
            if (_stop.IsCancellationRequested)
            {
                connection.Dispose();
                return;
            }

            if (_runtimes.TryGetValue(advertised.Cookie, out AdvertisedRuntime? known))
            {
                if (_onReconnect?.Invoke(known, connection) != true)
                {
                    _held.Add(connection);
                }
            }
            else
            {
                fresh = new AdvertisedRuntime(advertised.Pid, advertised.Cookie, connection);
                _runtimes.Add(advertised.Cookie, fresh);
            }
        }

        if (fresh is not null)
        {
            await _onRuntime(fresh).ConfigureAwait(false);
        }
    }
}
