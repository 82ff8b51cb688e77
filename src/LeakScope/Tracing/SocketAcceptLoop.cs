using System.Net.Sockets;

namespace LeakScope.Cli.Tracing;

/// <summary>Accepts connections on a listening socket until stopped, handing each to its own task.</summary>
internal static class SocketAcceptLoop
{
    public static async Task RunAsync(Socket listener, CancellationToken stop, Func<Socket, Task> handle)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // Transient (out of descriptors, a connection reset before accept): whoever waits to connect must still get in.
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            _ = Task.Run(() => handle(connection));
        }
    }
}
