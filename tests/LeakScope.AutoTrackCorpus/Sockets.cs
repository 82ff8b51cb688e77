using System.Net;
using System.Net.Sockets;

namespace LeakScope.AutoTrackCorpus;

/// <summary>Accepted TCP clients and sockets on loopback: disposed by using, closed, or left open.</summary>
internal static class Sockets
{
    public static async Task RunAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var first = new TcpClient();
            await first.ConnectAsync(IPAddress.Loopback, port);
            using (TcpClient accepted = listener.AcceptTcpClient())
            {
                _ = accepted.Connected;
            }

            var second = new TcpClient();
            Leaks.Keep(second);
            await second.ConnectAsync(IPAddress.Loopback, port);
            Leaks.Keep(await listener.AcceptTcpClientAsync()); // LEAK: tcp-client
        }
        finally
        {
            listener.Stop();
        }

        await AcceptSocketsAsync();
    }

    /// <summary>Sockets accepted by Socket.Accept and AcceptAsync: disposed by using, closed, or left open.</summary>
    private static async Task AcceptSocketsAsync()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen();
        var endPoint = (IPEndPoint)server.LocalEndPoint!;
        using var first = new TcpClient();
        await first.ConnectAsync(endPoint);
        using (Socket accepted = server.Accept())
        {
            _ = accepted.Connected;
        }

        using var second = new TcpClient();
        await second.ConnectAsync(endPoint);
        Socket closed = await server.AcceptAsync();
        closed.Close();

        var third = new TcpClient();
        Leaks.Keep(third);
        await third.ConnectAsync(endPoint);
        Leaks.Keep(await server.AcceptAsync(CancellationToken.None)); // LEAK: socket
    }
}
