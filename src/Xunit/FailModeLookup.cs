using System.Collections.Concurrent;
using System.Reflection;
using LeakScope.Adapters;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeakScope.Xunit;

/// <summary>The fail-mode settings of each test method, from its <see cref="FailLeakingTestsAttribute"/>s, read once per method.</summary>
internal sealed class FailModeLookup(ITestAssembly testAssembly)
{
    private readonly ConcurrentDictionary<IMethodInfo, FailModeSettings> _byMethod = new();
    private readonly Lazy<(bool, int)?> _assembly = new(() =>
        Read((testAssembly.Assembly as IReflectionAssemblyInfo)?.Assembly.GetCustomAttribute<FailLeakingTestsAttribute>()));

    public FailModeSettings For(ITestCase testCase) =>
        testCase.TestMethod is { } testMethod
            ? _byMethod.GetOrAdd(testMethod.Method, _ => FailModeSettings.Resolve(
                Read(testMethod.Method.ToRuntimeMethod()?.GetCustomAttribute<FailLeakingTestsAttribute>()),
                Read(testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<FailLeakingTestsAttribute>()),
                _assembly.Value))
            : FailModeSettings.Resolve(_assembly.Value);

    private static (bool, int)? Read(FailLeakingTestsAttribute? attribute) =>
        attribute is null ? null : (attribute.Enabled, attribute.GraceMilliseconds);
}
