namespace LeakScope.MSTest.LeakyTests;

[TestClass]
public sealed class ExemptTests
{
    // Opened by a type initializer: the process's, not this test's.
    [TestMethod]
    public void UsesTheSharedPool() => Assert.AreNotEqual(0, SharedPool.Connection.Id);

    [TestMethod]
    [FailLeakingTests(false)]
    public void LeaksButIsExempt() => Leaked.Keep(Scope.Enter("lock", "exempt"));
}
