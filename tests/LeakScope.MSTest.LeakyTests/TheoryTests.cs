namespace LeakScope.MSTest.LeakyTests;

[TestClass]
public sealed class TheoryTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void PlaceOrder(int qty)
    {
        ScopeHandle order = Scope.Enter("transaction", $"order-{qty}");
        if (qty == 1)
        {
            order.Dispose();
        }
        else
        {
            Leaked.Keep(order);
        }
    }
}
