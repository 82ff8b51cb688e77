using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LeakScope.AutoTrackCorpus;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (port 0) for the HTTP cases: one request per connection
/// (<c>Connection: close</c>), any method; "/empty" answers with no body, every other path with "hello".
/// Its own accepts are tracked too (tcp-client) and each is disposed.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public HttpServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _serving = ServeAsync();
    }

    public Uri BaseAddress { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while waiting for a connection.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            NetworkStream stream = client.GetStream();
            string head = await ReadHeadAsync(stream);
            string path = head.Split(' ', 3) is [_, var target, _] ? target.Split('?')[0] : "/";
            string body = path == "/empty" ? string.Empty : "hello";
            byte[] response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
            await stream.WriteAsync(response, _stop.Token);
        }
    }

    /// <summary>Reads the request line and headers, then skips a body of Content-Length bytes.</summary>
    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(received) && await stream.ReadAsync(one, _stop.Token) == 1)
        {
            received.Add(one[0]);
        }

        string head = Encoding.ASCII.GetString([.. received]);
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                var content = new byte[int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
                await stream.ReadExactlyAsync(content, _stop.Token);
            }
        }

        return head;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
