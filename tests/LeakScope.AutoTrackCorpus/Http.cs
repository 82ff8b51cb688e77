namespace LeakScope.AutoTrackCorpus;

/// <summary>
/// HttpClient against the corpus's own server: responses disposed by using or by Dispose, a body
/// stream closed by disposing its response (its owner), streams disposed, an empty body's stream;
/// or a response or a stream left open.
/// </summary>
internal static class Http
{
    public static async Task RunAsync()
    {
        await using var server = new HttpServer();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using (HttpResponseMessage ok = await client.GetAsync("ok?token=secret"))
        {
            _ = ok.EnsureSuccessStatusCode();
        }

        HttpResponseMessage owner = await client.GetAsync("owner");
        Stream closedByItsResponse = await owner.Content.ReadAsStreamAsync();
        _ = closedByItsResponse.ReadByte();
        owner.Dispose();

        using (Stream body = await client.GetStreamAsync("stream"))
        {
            _ = body.ReadByte();
        }

        using (Stream empty = await client.GetStreamAsync("empty"))
        {
            _ = empty.ReadByte();
        }

        (await client.PostAsync("post", new StringContent("x"))).Dispose();
        (await client.PutAsync(new Uri("put", UriKind.Relative), new StringContent("x"))).Dispose();
        (await client.DeleteAsync("delete")).Dispose();
        using (HttpResponseMessage sent = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "send")))
        using (Stream read = sent.Content.ReadAsStream())
        {
            _ = read.ReadByte();
        }

        using (HttpResponseMessage synchronous = client.Send(new HttpRequestMessage(HttpMethod.Get, "sync")))
        {
            _ = synchronous.StatusCode;
        }

        Leaks.Keep(await client.GetAsync("leaked-response?token=secret")); // LEAK: http-response
        Leaks.Keep(await client.GetStreamAsync("leaked-stream")); // LEAK: http-stream
        HttpResponseMessage kept = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "kept"), HttpCompletionOption.ResponseHeadersRead); // LEAK: http-response
        Leaks.Keep(kept);
        Leaks.Keep(await kept.Content.ReadAsStreamAsync()); // LEAK: http-stream
    }
}
