namespace LeakScope.Xunit.LeakyTests;

public sealed class AwaitTests
{
    [Fact]
    public async Task LeaksAcrossAwait()
    {
        await Task.Delay(1);
        Leaked.Keep(Scope.Enter("db-connection", "across-await"));
        await Task.Yield();
    }

    [Fact]
    public async Task ClosesAcrossAwait()
    {
        using ScopeHandle connection = Scope.Enter("db-connection", "closed");
        await Task.Delay(1);
    }
}
