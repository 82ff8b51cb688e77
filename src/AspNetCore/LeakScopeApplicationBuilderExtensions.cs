using Microsoft.AspNetCore.Builder;

namespace LeakScope.AspNetCore;

/// <summary>Wires <see cref="RequestOwnerMiddleware"/> into an app.</summary>
public static class LeakScopeApplicationBuilderExtensions
{
    /// <summary>
    /// Makes every request a LeakScope owner (<c>GET /orders/{id}</c>). With <c>WebApplication</c> call
    /// it anywhere before the endpoints (routing runs first there by itself); with an explicit
    /// <c>UseRouting()</c>, call it after that, so the route template is known.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <returns>The app.</returns>
    public static IApplicationBuilder UseLeakScopeOwners(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<RequestOwnerMiddleware>();
    }
}
