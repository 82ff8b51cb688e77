namespace LeakScope.MSTest.LeakyTests;

[TestClass]
public sealed class AwaitTests
{
    [TestMethod]
    public async Task LeaksAcrossAwait()
    {
        await Task.Delay(1);
        Leaked.Keep(Scope.Enter("db-connection", "across-await"));
        await Task.Yield();
    }

    [TestMethod]
    public async Task ClosesAcrossAwait()
    {
        using ScopeHandle connection = Scope.Enter("db-connection", "closed");
        await Task.Delay(1);
    }
}
