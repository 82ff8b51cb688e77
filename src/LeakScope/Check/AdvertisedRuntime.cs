using System.Net.Sockets;

namespace LeakScope.Cli.Check;

/// <summary>A .NET runtime that connected to the diagnostic port and waits, paused at start-up, to be resumed.</summary>
internal sealed class AdvertisedRuntime(int pid, Guid cookie, Socket connection)
{
    private int _resumed;
    private Socket? _connection = connection;

    public int Pid { get; } = pid;

    public Guid Cookie { get; } = cookie;

    public bool Resumed => Volatile.Read(ref _resumed) == 1;

    /// <summary>
    /// The connection the runtime advertised itself on, for a caller that sends it commands itself
    /// (<c>monitor --diagnostic-port</c>); null once taken. The runtime opens its next connection only
    /// after this one has carried a command.
    /// </summary>
    public Socket? TakeConnection() => Interlocked.Exchange(ref _connection, null);

    /// <summary>Lets the runtime start; only the first call sends the command. Never throws: a runtime that went away needs nothing.</summary>
    public async Task<bool> TryResumeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _resumed, 1) == 1)
        {
            return true;
        }

        if (TakeConnection() is not { } socket)
        {
            return false;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await DiagnosticIpc.ResumeRuntimeAsync(stream, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
