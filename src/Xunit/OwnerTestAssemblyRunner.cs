using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeakScope.Xunit;

/// <summary>xunit's assembly runner, handing every test collection a bus that makes each test an owner.</summary>
internal sealed class OwnerTestAssemblyRunner(
    ITestAssembly testAssembly,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink,
    ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    private readonly FailModeLookup _failMode = new(testAssembly);

    protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource) =>
        base.RunTestCollectionAsync(new OwnerMessageBus(messageBus, _failMode), testCollection, testCases, cancellationTokenSource);
}
