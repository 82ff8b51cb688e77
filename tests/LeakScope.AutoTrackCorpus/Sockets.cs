using System.Net;
using System.Net.Sockets;

namespace LeakScope.AutoTrackCorpus;

/// <summary>Accepted TCP clients on loopback: disposed by using, or left open.</summary>
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
    }
}
