namespace LeakScope.MSTest.LeakyTests;

[TestClass]
public sealed class TaskRunTests
{
    [TestMethod]
    public async Task LeaksInTaskRun() =>
        await Task.Run(() => Leaked.Keep(Scope.Enter("file", "in-task-run")));

    // Closed by cleanup that finishes after the test, well within the grace the adapter tests give.
    [TestMethod]
    public void ClosesAfterTheTestWithinTheGrace()
    {
        ScopeHandle file = Scope.Enter("file", "closed-later");
        _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            file.Dispose();
        });
    }

    // Work started with the flow suppressed runs with no owner: not this test's leak.
    [TestMethod]
    public async Task LeaksWithSuppressedFlow()
    {
        Task work;
        using (ExecutionContext.SuppressFlow())
        {
            work = Task.Run(() => Leaked.Keep(Scope.Enter("timer", "suppressed-flow")));
        }

        await work;
    }
}
