namespace LeakScope.NUnit.LeakyTests;

public sealed class ExemptTests
{
    // Opened by a type initializer: the process's, not this test's.
    [Test]
    public void UsesTheSharedPool() => Assert.That(SharedPool.Connection.Id, Is.Not.Zero);

    [Test]
    [FailLeakingTests(false)]
    public void LeaksButIsExempt() => Leaked.Keep(Scope.Enter("lock", "exempt"));
}
