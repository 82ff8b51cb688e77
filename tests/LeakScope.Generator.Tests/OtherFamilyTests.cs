using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>Linked cancellation sources, DI scopes, accepted TCP clients and sockets.</summary>
public sealed class OtherFamilyTests
{
    [Fact]
    public void LinkedCancellationSources_AreWatched()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Threading;
            static class App
            {
                static void Run(CancellationToken a, CancellationToken b)
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(a, b);
                    using var plain = new CancellationTokenSource();
                }
            }
            """).AssertCompiles();

        Assert.Equal(1, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(@token1, @token2), \"cancellation-source\", null,", run.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public void DependencyInjectionScopes_AreWatchedThroughTheirServiceProvider()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            static class App
            {
                static async Task Run(IServiceProvider provider, IServiceScopeFactory factory)
                {
                    using IServiceScope a = provider.CreateScope();
                    await using AsyncServiceScope b = provider.CreateAsyncScope();
                    using IServiceScope c = factory.CreateScope();
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(3, run.InterceptedCount);
        Assert.Contains("var result = global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(@provider);", code, StringComparison.Ordinal);
        Assert.Contains("internal static global::Microsoft.Extensions.DependencyInjection.AsyncServiceScope CreateAsyncScope_1(this global::System.IServiceProvider @provider)", code, StringComparison.Ordinal);
        Assert.Contains("var result = @this.CreateScope();", code, StringComparison.Ordinal);
        Assert.Equal(3, code.Split("global::LeakScope.AutoTrack.Watch(result.ServiceProvider, \"di-scope\"").Length - 1);
    }

    [Fact]
    public void AcceptedTcpClients_AreWatched()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            static class App
            {
                static async Task Run(TcpListener listener, CancellationToken token)
                {
                    using TcpClient a = listener.AcceptTcpClient();
                    using TcpClient b = await listener.AcceptTcpClientAsync();
                    using TcpClient c = await listener.AcceptTcpClientAsync(token);
                }
            }
            """).AssertCompiles();

        Assert.Equal(3, run.InterceptedCount);
        Assert.Equal(2, run.Generated!.Split("global::LeakScope.AutoTrack.WatchAsync(@this.AcceptTcpClientAsync(").Length - 1);
    }

    [Fact]
    public void AcceptedSockets_AreWatched_NotTheEventArgsForm()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            static class App
            {
                static async Task Run(Socket listener, SocketAsyncEventArgs args, CancellationToken token)
                {
                    using Socket a = listener.Accept();
                    using Socket b = await listener.AcceptAsync();
                    using Socket c = await listener.AcceptAsync(token);
                    _ = listener.AcceptAsync(args);
                }
            }
            """).AssertCompiles();

        Assert.Equal(3, run.InterceptedCount);
        Assert.Contains("=> global::LeakScope.AutoTrack.Watch(@this.Accept(), \"socket\", null,", run.Generated!, StringComparison.Ordinal);
        Assert.Equal(2, run.Generated!.Split("global::LeakScope.AutoTrack.WatchAsync(@this.AcceptAsync(").Length - 1);
    }
}
