using System.Collections.Concurrent;
using System.Reflection;
using LeakScope.Adapters;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace LeakScope.NUnit;

/// <summary>
/// Makes every test of the assembly a LeakScope owner (kind <c>test</c>, named by the test's full
/// name, arguments included), and fails a test that leaves its own scopes open when
/// <see cref="FailLeakingTestsAttribute"/> says so. The package's build targets put it on the
/// assembly. NUnit runs BeforeTest before the test's SetUp and AfterTest after its TearDown, on the
/// same flow as the test, so the owner flows into all three.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class OwnTestsAttribute : Attribute, ITestAction
{
    private readonly ConcurrentDictionary<string, ScopeOwnership> _running = new();
    private readonly ConcurrentDictionary<MethodInfo, FailModeSettings> _failModeByMethod = new();

    /// <summary>Each test, not each fixture.</summary>
    public ActionTargets Targets => ActionTargets.Test;

    /// <summary>Makes <paramref name="test"/> the owner of what it enters.</summary>
    /// <param name="test">The test about to run.</param>
    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        _running[test.Id] = Scope.Own(OwnedLeaks.TestOwnerKind, test.FullName);
    }

    /// <summary>Fails <paramref name="test"/> if the fail mode is on for it and its scopes are still open, then restores the previous owner.</summary>
    /// <param name="test">The test that ran.</param>
    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!_running.TryRemove(test.Id, out ScopeOwnership ownership))
        {
            return;
        }

        try
        {
            FailModeSettings settings = FailModeFor(test);
            if (settings.Enabled && TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Passed)
            {
                IReadOnlyList<OpenScope> open = OwnedLeaks.WaitForOwnedScopes(test.FullName, settings.Grace);
                if (open.Count > 0)
                {
                    // NUnit records an exception from AfterTest as the test's failure.
                    throw new AssertionException(OwnedLeaks.Describe(test.FullName, open, settings.Grace));
                }
            }
        }
        finally
        {
            ownership.Dispose();
        }
    }

    private FailModeSettings FailModeFor(ITest test)
    {
        if (test.Method?.MethodInfo is not { } method)
        {
            return FailModeSettings.Resolve(Read(test.TypeInfo?.Type.Assembly.GetCustomAttribute<FailLeakingTestsAttribute>()));
        }

        return _failModeByMethod.GetOrAdd(method, m => FailModeSettings.Resolve(
            Read(m.GetCustomAttribute<FailLeakingTestsAttribute>()),
            Read((test.TypeInfo?.Type ?? m.DeclaringType)?.GetCustomAttribute<FailLeakingTestsAttribute>()),
            Read((test.TypeInfo?.Type ?? m.DeclaringType)?.Assembly.GetCustomAttribute<FailLeakingTestsAttribute>())));
    }

    private static (bool, int)? Read(FailLeakingTestsAttribute? attribute) =>
        attribute is null ? null : (attribute.Enabled, attribute.GraceMilliseconds);
}
