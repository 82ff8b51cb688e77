namespace LeakScope.Xunit.LeakyTests;

public sealed class ExemptTests
{
    // Opened by a type initializer: the process's, not this test's.
    [Fact]
    public void UsesTheSharedPool() => Assert.NotEqual(0, SharedPool.Connection.Id);

    [Fact]
    [FailLeakingTests(false)]
    public void LeaksButIsExempt() => Leaked.Keep(Scope.Enter("lock", "exempt"));
}
