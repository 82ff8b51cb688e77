using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeakScope.AspNetCore;

/// <summary>
/// Makes each request a LeakScope owner, kind <c>request</c>, named by its method and route template
/// (<c>GET /orders/{id}</c>), never its raw URL, so owners stay few however many URLs there are.
/// Runs after routing, where the endpoint is known; a request no endpoint matched is
/// <c>GET unmatched</c>.
/// </summary>
public sealed class RequestOwnerMiddleware
{
    /// <summary>The owner kind this middleware sets.</summary>
    public const string OwnerKind = "request";

    /// <summary>The name's route part when no endpoint matched.</summary>
    public const string Unmatched = "unmatched";

    private readonly RequestDelegate _next;

    /// <summary>Called by ASP.NET Core.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    public RequestOwnerMiddleware(RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
    }

    /// <summary>Runs the rest of the pipeline with the request as the owner.</summary>
    /// <param name="context">The request.</param>
    /// <returns>When the rest of the pipeline is done.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (Scope.Own(OwnerKind, OwnerName(context)))
        {
            await _next(context).ConfigureAwait(false);
        }
    }

    /// <summary>The owner name of a request: method and route template.</summary>
    /// <param name="context">The request, after routing.</param>
    /// <returns>Such as <c>GET /orders/{id}</c>.</returns>
    public static string OwnerName(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string route = context.GetEndpoint() switch
        {
            RouteEndpoint { RoutePattern.RawText: { } template } => template.StartsWith('/') ? template : "/" + template,
            Endpoint { DisplayName: { } displayName } => displayName,
            _ => Unmatched,
        };
        return $"{Method(context.Request.Method)} {route}";
    }

    // A client can send any method: unknown ones share one name, so they cannot grow the owner table.
    private static string Method(string method)
    {
        string canonical = HttpMethods.GetCanonicalizedValue(method);
        return IsKnown(canonical) ? canonical : "OTHER";
    }

    private static bool IsKnown(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
        || HttpMethods.IsPatch(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method);
}
