using Microsoft.Extensions.DependencyInjection;

namespace LeakScope.AutoTrackCorpus;

/// <summary>Dependency-injection scopes: disposed by using or await using, or left undisposed.</summary>
internal static class Services
{
    public static async Task RunAsync()
    {
        ServiceProvider provider = new ServiceCollection().AddScoped<Unit>().BuildServiceProvider();
        using (IServiceScope scope = provider.CreateScope())
        {
            _ = scope.ServiceProvider.GetRequiredService<Unit>();
        }

        await using (AsyncServiceScope scope = provider.CreateAsyncScope())
        {
            _ = scope.ServiceProvider.GetRequiredService<Unit>();
        }

        IServiceScopeFactory factory = provider.GetRequiredService<IServiceScopeFactory>();
        using (IServiceScope scope = factory.CreateScope())
        {
            _ = scope.ServiceProvider.GetRequiredService<Unit>();
        }

        Leaks.Keep(provider.CreateScope()); // LEAK: di-scope
        Leaks.Keep(provider);
    }

    private sealed class Unit;
}
