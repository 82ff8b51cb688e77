using LeakScope;

namespace LeakScope.LeakyTests;

public sealed class OrderRepositoryTests
{
    private static readonly List<ScopeHandle> s_forgotten = [];

    [Fact]
    public void SavesAnOrder_ButForgetsToCloseItsConnection()
    {
        ScopeHandle connection = Scope.Enter("db-connection", "orders");
        s_forgotten.Add(connection);
        Assert.NotEqual(0, connection.Id);
    }

    [Fact]
    public void ReadsAnOrder_AndClosesItsConnection()
    {
        using ScopeHandle connection = Scope.Enter("db-connection", "orders");
        Assert.NotEqual(0, connection.Id);
    }
}
