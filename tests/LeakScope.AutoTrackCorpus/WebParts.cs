using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace LeakScope.AutoTrackCorpus;

/// <summary>
/// Calls that ASP.NET Core's request delegate generator (MapGet) and the configuration binder's
/// generator (Get&lt;T&gt;) intercept, compiled beside LeakScope's interceptors; the server never starts.
/// </summary>
internal static class WebParts
{
    public static void Run(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddInMemoryCollection([new("Corpus:Name", "orders")]);
        CorpusSettings settings = builder.Configuration.GetSection("Corpus").Get<CorpusSettings>() ?? new();
        WebApplication app = builder.Build();
        app.MapGet("/name", () => Results.Text(settings.Name));
        if (settings.Name != "orders")
        {
            throw new InvalidOperationException("The configuration binder did not bind.");
        }
    }
}
