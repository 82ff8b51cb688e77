using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>HttpClient requests (the response), GetStreamAsync and HttpContent.ReadAsStream(Async) (the stream).</summary>
public sealed class HttpFamilyTests
{
    [Fact]
    public void Requests_AreWatchedAsResponses_NamedByTheirUrl()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            static class App
            {
                static async Task Run(HttpClient client, HttpContent content, Uri uri, CancellationToken token)
                {
                    using var a = await client.GetAsync("a?key=1");
                    using var b = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, token);
                    using var c = await client.PostAsync("c", content);
                    using var d = await client.PutAsync(uri, content);
                    using var e = await client.DeleteAsync("e");
                    using var f = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "f"));
                    using var g = client.Send(new HttpRequestMessage(HttpMethod.Get, "g"));
                    _ = client.BaseAddress;
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(7, run.InterceptedCount);
        Assert.Equal(7, code.Split("\"http-response\", global::LeakScope.AutoTrack.RequestName(@this, ").Length - 1);
        Assert.Contains("=> global::LeakScope.AutoTrack.WatchAsync(@this.GetAsync(@requestUri), \"http-response\", global::LeakScope.AutoTrack.RequestName(@this, @requestUri),", code, StringComparison.Ordinal);
        Assert.Contains("=> global::LeakScope.AutoTrack.Watch(@this.Send(@request), \"http-response\", global::LeakScope.AutoTrack.RequestName(@this, @request),", code, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyStreams_AreWatchedAsStreams()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            static class App
            {
                static async Task Run(HttpClient client, HttpResponseMessage response, CancellationToken token)
                {
                    using Stream a = await client.GetStreamAsync("a");
                    using Stream b = await response.Content.ReadAsStreamAsync();
                    using Stream c = await response.Content.ReadAsStreamAsync(token);
                    using Stream d = response.Content.ReadAsStream();
                    _ = await response.Content.ReadAsStringAsync();
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(4, run.InterceptedCount);
        Assert.Equal(4, code.Split("\"http-stream\", ").Length - 1);
        Assert.Contains("global::LeakScope.AutoTrack.WatchAsync(@this.GetStreamAsync(@requestUri), \"http-stream\", global::LeakScope.AutoTrack.RequestName(@this, @requestUri),", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(@this.ReadAsStream(), \"http-stream\", null,", code, StringComparison.Ordinal);
    }
}
