namespace LeakScope.Xunit.LeakyTests;

public sealed class AwaitTests
{
    // Nested in a request that closes: under leakscope check the leak's report names it as its parent.
    [Fact]
    public async Task LeaksAcrossAwait()
    {
        using (Scope.Enter("request", "outer"))
        {
            await Task.Delay(1);
            Leaked.Keep(Scope.Enter("db-connection", "across-await"));
        }

        await Task.Yield();
    }

    [Fact]
    public async Task ClosesAcrossAwait()
    {
        using ScopeHandle connection = Scope.Enter("db-connection", "closed");
        await Task.Delay(1);
    }
}
