using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeakScope.Xunit;

/// <summary>Runs the tests as xunit does, through <see cref="OwnerTestAssemblyRunner"/>.</summary>
internal sealed class OwnerTestFrameworkExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
{
    // async void is xunit's own signature here: the runner reports completion through the message sink.
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        using var runner = new OwnerTestAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
        await runner.RunAsync().ConfigureAwait(false);
    }
}
