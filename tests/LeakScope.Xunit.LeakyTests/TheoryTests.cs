namespace LeakScope.Xunit.LeakyTests;

public sealed class TheoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
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
