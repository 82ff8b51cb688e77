using LeakScope.Adapters.Tests.Support;

namespace LeakScope.Adapters.Tests;

/// <summary>
/// 'dotnet test' (real processes) on a test project per framework that references the adapter
/// package and nothing else; its tests run in parallel, three leak scopes they own (across an await,
/// in Task.Run, in one row of a parameterized test), others leak nothing, leak from a type
/// initializer, from work started with the flow suppressed, or carry [FailLeakingTests(false)].
/// </summary>
[Collection(AdapterRunCollection.Name)]
public sealed class TestFrameworkAdapterTests(AdapterPackages packages)
{
    private const int TestCount = 9;
    private const int GraceMilliseconds = 2000;

    [Theory]
    [InlineData("Xunit", "PlaceOrder(qty: 3)")]
    [InlineData("NUnit", "PlaceOrder(3)")]
    [InlineData("MSTest", "PlaceOrder (3)")]
    public void TheAdapterPackageAlone_MakesEachTestTheOwner_AndTheFailModeFailsExactlyTheLeakingTests(string framework, string leakingRow)
    {
        var project = new LeakyTestProject(packages, framework);

        (int offExit, IReadOnlyList<TestOutcome> off, string offOutput) = project.Test("off");

        Assert.True(offExit == 0, $"Without the fail mode every test passes:\n{offOutput}");
        Assert.Equal(TestCount, off.Count);
        Assert.All(off, test => Assert.True(test.Passed, test.Name));

        string[] failMode = ["LeakScopeFailLeakingTests=true", $"LeakScopeLeakGraceMilliseconds={GraceMilliseconds}"];
        int onExit;
        IReadOnlyList<TestOutcome> on;
        string onOutput;
        if (framework == "Xunit")
        {
            // One framework's run goes through the real 'leakscope check': the budget has no room for three.
            string json, junit;
            (onExit, on, onOutput, json, junit) = project.TestUnderCheck("on", failMode);
            Assert.True(onExit == 1, $"check finds the leaks (exit 1):\n{onOutput}");
            CheckedTestRun.AssertNamesTheLeakingTests(project, json, junit);
        }
        else
        {
            (onExit, on, onOutput) = project.Test("on", failMode);
        }

        Assert.True(onExit != 0, $"With the fail mode the leaking tests fail the run:\n{onOutput}");
        Assert.Equal(TestCount, on.Count);
        var expected = new Dictionary<string, string>
        {
            ["LeaksAcrossAwait"] = Leak(project, "AwaitTests.cs", "db-connection", "across-await", "LeaksAcrossAwait"),
            ["LeaksInTaskRun"] = Leak(project, "TaskRunTests.cs", "file", "in-task-run", "LeaksInTaskRun"),
            [leakingRow] = Leak(project, "TheoryTests.cs", "transaction", "order-3", "PlaceOrder", enterText: "Scope.Enter(\"transaction\""),
        };
        List<TestOutcome> failed = [.. on.Where(test => !test.Passed)];
        string Failures() => string.Join('\n', failed.Select(test => $"{test.Name}: {test.Message}"));
        Assert.True(
            failed.Count == expected.Count && failed.All(test => expected.Keys.Count(key => test.Name.EndsWith(key, StringComparison.Ordinal)) == 1),
            $"Expected exactly {string.Join(", ", expected.Keys)} to fail; failed:\n{Failures()}");
        Assert.Equal(expected.Count, failed.Select(test => expected.Keys.Single(key => test.Name.EndsWith(key, StringComparison.Ordinal))).Distinct().Count());
        foreach (TestOutcome test in failed)
        {
            string leak = expected[expected.Keys.Single(key => test.Name.EndsWith(key, StringComparison.Ordinal))];
            // The owner is the test as its framework names it: the message names it, then the one scope it left open.
            Assert.Matches($"LeakScope: test '[^']*{System.Text.RegularExpressions.Regex.Escape(test.Name)}' left 1 scope\\(s\\) open {GraceMilliseconds} ms after it ended:", test.Message);
            Assert.Contains(leak, test.Message, StringComparison.Ordinal);
        }
    }

    private static string Leak(LeakyTestProject project, string file, string kind, string name, string member, string? enterText = null)
    {
        int line = project.LineOf(file, enterText ?? $"Scope.Enter(\"{kind}\", \"{name}\")");
        return $"\n  {kind} '{name}' entered at {Path.Combine(project.ProjectDirectory, file)}:{line} ({member})";
    }
}
