using System.Net.Sockets;
using System.Threading.Channels;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Lets Microsoft.Diagnostics.NETCore.Client talk to a runtime that connected to LeakScope's
/// diagnostic port. The client only connects to a socket (its reverse server is internal), so it is
/// given one in a private directory, and each of its connections is joined to the next connection
/// the runtime opened to the port: the runtime keeps one connection waiting for a command, and opens
/// the next once a command has taken it. Bytes are copied both ways until either end closes.
/// </summary>
internal sealed class RuntimeBridge : IAsyncDisposable
{
    private readonly Channel<Socket> _runtimeConnections = Channel.CreateUnbounded<Socket>();
    private readonly DirectoryInfo _directory;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly List<Socket> _joined = [];
    private readonly Task _accepting;

    /// <summary>Listens in a new directory that only this user can enter (0700).</summary>
    public RuntimeBridge()
    {
        _stopping = _stop.Token;
        _directory = Directory.CreateTempSubdirectory("leakscope-bridge-");
        Address = Path.Combine(_directory.FullName, "runtime");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(Address));
            _listener.Listen(16);
        }
        catch
        {
            _listener.Dispose();
            _directory.Delete(recursive: true);
            throw;
        }

        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The socket to give the client, in connect mode.</summary>
    public string Address { get; }

    /// <summary>A connection the runtime opened to the port, waiting for a command.</summary>
    public void Offer(Socket runtimeConnection)
    {
        if (!_runtimeConnections.Writer.TryWrite(runtimeConnection))
        {
            runtimeConnection.Dispose();
        }
    }

    /// <summary>The next connection the runtime opened, for a command sent without the client (resume).</summary>
    public ValueTask<Socket> NextRuntimeConnectionAsync(CancellationToken cancellationToken) => _runtimeConnections.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
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

        _runtimeConnections.Writer.TryComplete();
        while (_runtimeConnections.Reader.TryRead(out Socket? waiting))
        {
            waiting.Dispose();
        }

        lock (_joined)
        {
            foreach (Socket socket in _joined)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A private temporary directory holding one socket file: nothing of the user's is lost.
        }
    }

    private Task AcceptAsync() => SocketAcceptLoop.RunAsync(_listener, _stopping, JoinAsync);

    /// <summary>
    /// Joins a client connection to the runtime's next one. The client's own timeout bounds the wait:
    /// it gives up and closes its end, and the runtime connection, once one comes, serves the next.
    /// </summary>
    private async Task JoinAsync(Socket client)
    {
        Track(client);
        Socket runtime;
        try
        {
            runtime = await NextRuntimeConnectionAsync(_stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            client.Dispose();
            return;
        }

        Track(runtime);
        await using var fromClient = new NetworkStream(client, ownsSocket: true);
        await using var fromRuntime = new NetworkStream(runtime, ownsSocket: true);
        Task up = CopyAsync(fromClient, fromRuntime);
        Task down = CopyAsync(fromRuntime, fromClient);

        // Either end closing ends the exchange: the client never half-closes, and the runtime closes a
        // connection when its command (or the session streamed on it) is over.
        await Task.WhenAny(up, down).ConfigureAwait(false);
        client.Dispose();
        runtime.Dispose();
        await Task.WhenAll(up, down).ConfigureAwait(false);
        Untrack(client);
        Untrack(runtime);
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The other direction, or disposal, closed the sockets.
        }
    }

    private void Track(Socket socket)
    {
        lock (_joined)
        {
            if (_stopping.IsCancellationRequested)
            {
                socket.Dispose();
            }
            else
            {
                _joined.Add(socket);
            }
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_joined)
        {
            _joined.Remove(socket);
        }
    }
}
