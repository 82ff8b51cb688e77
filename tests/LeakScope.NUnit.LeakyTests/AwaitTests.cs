namespace LeakScope.NUnit.LeakyTests;

public sealed class AwaitTests
{
    [Test]
    public async Task LeaksAcrossAwait()
    {
        await Task.Delay(1);
        Leaked.Keep(Scope.Enter("db-connection", "across-await"));
        await Task.Yield();
    }

    [Test]
    public async Task ClosesAcrossAwait()
    {
        using ScopeHandle connection = Scope.Enter("db-connection", "closed");
        await Task.Delay(1);
    }
}
