using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using LeakScope.Adapters;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace LeakScope.MSTest;

/// <summary>
/// Runs a test (each data row on its own) as a LeakScope owner, kind <c>test</c>, named
/// <c>Namespace.Class.Method</c> with the data row's arguments as MSTest shows them
/// (<c>Orders.Tests.PlaceOrder (3,"eur")</c>). MSTest runs the test's TestInitialize, body,
/// TestCleanup and disposal inside <see cref="Execute"/>, so the owner flows into all of them; a
/// test that passed but left its own scopes open fails when <see cref="FailLeakingTestsAttribute"/>
/// says so.
/// </summary>
public sealed class OwnedTestMethodAttribute : TestMethodAttribute
{
    private static readonly ConcurrentDictionary<MethodInfo, FailModeSettings> s_failModeByMethod = new();
    private readonly TestMethodAttribute _inner;

    /// <summary>Wraps the attribute the test method carries.</summary>
    /// <param name="inner">The test's own attribute (TestMethod, DataTestMethod or a custom one), which still runs the test.</param>
    public OwnedTestMethodAttribute(TestMethodAttribute inner)
        : base(inner?.DisplayName)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc/>
    public override TestResult[] Execute(ITestMethod testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        string name = OwnerName(testMethod);
        using (Scope.Own(OwnedLeaks.TestOwnerKind, name))
        {
            TestResult[] results = _inner.Execute(testMethod);
            FailModeSettings settings = s_failModeByMethod.GetOrAdd(testMethod.MethodInfo, ReadFailMode);
            if (settings.Enabled && results.All(r => r.Outcome == UnitTestOutcome.Passed))
            {
                IReadOnlyList<OpenScope> open = OwnedLeaks.WaitForOwnedScopes(name, settings.Grace);
                if (open.Count > 0)
                {
                    foreach (TestResult result in results)
                    {
                        result.Outcome = UnitTestOutcome.Failed;
                        result.TestFailureException = new AssertFailedException(OwnedLeaks.Describe(name, open, settings.Grace));
                    }
                }
            }

            return results;
        }
    }

    private static string OwnerName(ITestMethod testMethod)
    {
        string name = $"{testMethod.TestClassName}.{testMethod.TestMethodName}";
        return testMethod.Arguments is { Length: > 0 } arguments
            ? $"{name} ({string.Join(',', arguments.Select(FormatArgument))})"
            : name;
    }

    // As MSTest writes data row arguments in a display name: strings quoted, null as null.
    private static string FormatArgument(object? argument) => argument switch
    {
        null => "null",
        string text => $"\"{text}\"",
        _ => Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static FailModeSettings ReadFailMode(MethodInfo method) => FailModeSettings.Resolve(
        Read(method.GetCustomAttribute<FailLeakingTestsAttribute>()),
        Read(method.DeclaringType?.GetCustomAttribute<FailLeakingTestsAttribute>()),
        Read(method.DeclaringType?.Assembly.GetCustomAttribute<FailLeakingTestsAttribute>()));

    private static (bool, int)? Read(FailLeakingTestsAttribute? attribute) =>
        attribute is null ? null : (attribute.Enabled, attribute.GraceMilliseconds);
}
