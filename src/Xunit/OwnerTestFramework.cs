using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeakScope.Xunit;

/// <summary>
/// xunit's own test framework, with every test made a LeakScope owner (kind <c>test</c>, named by its
/// display name). The package's build targets make it the assembly's test framework.
/// </summary>
public sealed class OwnerTestFramework : XunitTestFramework
{
    /// <summary>Called by xunit.</summary>
    /// <param name="messageSink">Where diagnostics go.</param>
    public OwnerTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc/>
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new OwnerTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
