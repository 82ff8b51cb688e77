namespace LeakScope.NUnit.LeakyTests;

public sealed class TheoryTests
{
    [TestCase(1)]
    [TestCase(3)]
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
