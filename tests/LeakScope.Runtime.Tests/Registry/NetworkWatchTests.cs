using System.Net;
using System.Net.Sockets;

namespace LeakScope.Tests.Registry;

/// <summary>
/// <see cref="Scope.Watch"/> of sockets, HTTP responses and their body streams: each scope ends when
/// the resource is closed, a body stream also when its response is disposed (its owner); streams that
/// can never look closed are not watched.
/// </summary>
public sealed class NetworkWatchTests
{
    [Fact]
    public void AcceptedSocket_ClosedOrDisposed_Exits()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        first.Connect(listener.LocalEndPoint!);
        second.Connect(listener.LocalEndPoint!);

        Socket closed = Scope.Watch(listener.Accept(), "watch-socket-close");
        Socket disposed = Scope.Watch(listener.Accept(), "watch-socket-dispose");
        Assert.Single(OpenOf("watch-socket-close"));
        Assert.Single(OpenOf("watch-socket-dispose"));

        closed.Close();
        disposed.Dispose();

        Assert.Empty(OpenOf("watch-socket-close"));
        Assert.Empty(OpenOf("watch-socket-dispose"));
    }

    [Fact]
    public void HttpResponse_Disposed_Exits_AndSoDoesTheBodyStreamItOwns()
    {
        var response = Scope.Watch(new HttpResponseMessage { Content = new StringContent("hello") }, "watch-http-response");
        Stream body = Scope.Watch(response.Content.ReadAsStream(), "watch-http-body");
        Assert.Single(OpenOf("watch-http-response"));
        Assert.Single(OpenOf("watch-http-body"));

        response.Dispose();

        Assert.Empty(OpenOf("watch-http-response"));
        Assert.Empty(OpenOf("watch-http-body"));
        GC.KeepAlive(body);
    }

    [Fact]
    public void HttpResponse_StillOpen_StaysOpen_AfterItsBodyStreamIsDisposed()
    {
        using var response = Scope.Watch(new HttpResponseMessage { Content = new StringContent("hello") }, "watch-http-kept");
        response.Content.ReadAsStream().Dispose();

        Assert.Single(OpenOf("watch-http-kept"));
    }

    [Fact]
    public void StreamsThatNeverClose_AreNotWatched()
    {
        using var response = new HttpResponseMessage();
        Stream emptyBody = Scope.Watch(response.Content.ReadAsStream(), "watch-empty-body");
        Scope.Watch(Stream.Null, "watch-null-stream");

        Assert.Equal("System.Net.Http.EmptyReadStream", emptyBody.GetType().FullName);
        Assert.Empty(OpenOf("watch-empty-body"));
        Assert.Empty(OpenOf("watch-null-stream"));
    }

    private static List<OpenScope> OpenOf(string kind) => [.. Scope.GetOpenScopes().Where(s => s.Kind == kind)];
}
