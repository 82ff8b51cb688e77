using System.Collections.Concurrent;
using System.Net;
using LeakScope.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeakScope.Adapters.Tests;

/// <summary>A real Kestrel on 127.0.0.1 with <c>UseLeakScopeOwners()</c>, real HTTP requests, the owners read in-process.</summary>
public sealed class RequestOwnerTests : IAsyncLifetime
{
    private readonly ConcurrentBag<ScopeHandle> _leaked = [];
    private ScopeCheckpoint? _checkpoint;
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _checkpoint = Scope.Checkpoint();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseLeakScopeOwners();
        // Behind the owner middleware, before the endpoints: sees requests no endpoint matched.
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/unrouted", StringComparison.Ordinal))
            {
                _leaked.Add(Scope.Enter("cache-entry", "unrouted"));
            }

            await next(context);
        });
        _app.MapGet("/orders/{id}", async (string id) =>
        {
            await Task.Yield();
            _leaked.Add(Scope.Enter("db-connection", "order-" + id));
            await Task.Run(() => _leaked.Add(Scope.Enter("file", "receipt-" + id)));
            return Results.Ok(id);
        });
        _app.MapPost("/health", () =>
        {
            using ScopeHandle probe = Scope.Enter("db-connection", "health");
            return Results.Ok();
        });
        await _app.StartAsync();
        // Port 0: Kestrel picks a free one, and the app lists the address it bound.
        string address = _app.Urls.Single();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (ScopeHandle handle in _leaked)
        {
            handle.Dispose();
        }
    }

    [Fact]
    public async Task EachRequest_OwnsWhatItOpens_NamedByMethodAndRouteTemplate_NeverTheRawUrl()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client!.GetAsync(new Uri("/orders/42", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/orders/7?x=1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(new Uri("/health", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/unrouted/abc", UriKind.Relative))).StatusCode);

        Dictionary<string, OpenScope> open = Scope.GetOpenScopes(_checkpoint).ToDictionary(scope => scope.Name!);

        Assert.Equal(["cache-entry unrouted", "db-connection order-42", "db-connection order-7", "file receipt-42", "file receipt-7"], open.Values.Select(s => $"{s.Kind} {s.Name}").Order(StringComparer.Ordinal));
        foreach (string name in (string[])["order-42", "order-7", "receipt-42", "receipt-7"])
        {
            Assert.Equal("request", open[name].OwnerKind);
            Assert.Equal("GET /orders/{id}", open[name].OwnerName);
        }

        Assert.Equal("request", open["unrouted"].OwnerKind);
        Assert.Equal("GET unmatched", open["unrouted"].OwnerName);
    }

    [Fact]
    public async Task AMethodNoServerKnows_IsNamedOther_SoClientsCannotMintOwners()
    {
        using var request = new HttpRequestMessage(new HttpMethod("BREW"), new Uri("/unrouted/pot", UriKind.Relative));
        await _client!.SendAsync(request);

        OpenScope leaked = Assert.Single(Scope.GetOpenScopes(_checkpoint));
        Assert.Equal("OTHER unmatched", leaked.OwnerName);
    }
}
