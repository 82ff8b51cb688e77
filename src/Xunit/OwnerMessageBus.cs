using System.Collections.Concurrent;
using LeakScope.Adapters;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeakScope.Xunit;

/// <summary>
/// Makes each test an owner from its start to its end. xunit's test runner queues "test starting" on
/// the very async flow that then constructs the test class and runs the test method, so an owner set
/// here flows into both, across awaits and Task.Run. A passing test that leaves its own scopes open
/// is reported as failed when the fail mode is on for it: xunit 2 has no later hook that runs after
/// the test class is disposed and can still fail the test.
/// </summary>
internal sealed class OwnerMessageBus(IMessageBus inner, FailModeLookup failMode) : IMessageBus
{
    private readonly ConcurrentDictionary<ITest, ScopeOwnership> _running = new();

    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestStarting starting:
                _running[starting.Test] = Scope.Own(OwnedLeaks.TestOwnerKind, starting.Test.DisplayName);
                break;
            case ITestPassed passed when _running.ContainsKey(passed.Test):
                message = FailIfLeaking(passed);
                break;
            case ITestFinished finished when _running.TryRemove(finished.Test, out ScopeOwnership ownership):
                ownership.Dispose();
                break;
        }

        return inner.QueueMessage(message);
    }

    public void Dispose() => inner.Dispose();

    private IMessageSinkMessage FailIfLeaking(ITestPassed passed)
    {
        FailModeSettings settings = failMode.For(passed.TestCase);
        if (!settings.Enabled)
        {
            return passed;
        }

        IReadOnlyList<OpenScope> open = OwnedLeaks.WaitForOwnedScopes(passed.Test.DisplayName, settings.Grace);
        return open.Count == 0
            ? passed
            : new TestFailed(passed.Test, passed.ExecutionTime, passed.Output, new LeakedScopesException(OwnedLeaks.Describe(passed.Test.DisplayName, open, settings.Grace)));
    }
}
