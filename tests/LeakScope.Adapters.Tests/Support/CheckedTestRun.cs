using System.Text.Json;
using System.Xml.Linq;

namespace LeakScope.Adapters.Tests.Support;

/// <summary>
/// What <c>leakscope check -- dotnet test</c> reports for the xunit leaky test project: each leak a test
/// owns names that test as xunit names it, what the type initializer and the flow-suppressed work
/// opened is unowned, the leak entered inside a request names it as its parent, and JUnit has one
/// failing case per leaking test.
/// </summary>
internal static class CheckedTestRun
{
    // The scope each leaking test leaves open, by kind (each kind leaks once), and its test method.
    private static readonly Dictionary<string, string> s_ownedByKind = new()
    {
        ["db-connection"] = "LeaksAcrossAwait",
        ["file"] = "LeaksInTaskRun",
        ["transaction"] = "PlaceOrder(qty: 3)",
        ["lock"] = "LeaksButIsExempt",
    };

    private static readonly string[] s_unownedKinds = ["pool", "timer"];

    public static void AssertNamesTheLeakingTests(LeakyTestProject project, string jsonPath, string junitPath)
    {
        JsonElement report = JsonDocument.Parse(File.ReadAllText(jsonPath)).RootElement;
        Assert.Equal("leaks", report.GetProperty("verdict").GetString());
        List<JsonElement> leaks = [.. report.GetProperty("leaks").EnumerateArray()];
        string Describe() => string.Join('\n', leaks.Select(l => l.ToString()));
        Assert.True(
            leaks.Select(Kind).Order(StringComparer.Ordinal).SequenceEqual(s_ownedByKind.Keys.Concat(s_unownedKinds).Order(StringComparer.Ordinal)),
            $"Expected one leak of each of {string.Join(", ", s_ownedByKind.Keys.Concat(s_unownedKinds))}:\n{Describe()}");

        var owners = new List<string>();
        foreach ((string kind, string method) in s_ownedByKind)
        {
            JsonElement leak = leaks.Single(l => Kind(l) == kind);
            Assert.True(leak.TryGetProperty("owner", out JsonElement owner), $"{kind} has no owner:\n{Describe()}");
            Assert.Equal("test", owner.GetProperty("kind").GetString());
            string name = owner.GetProperty("name").GetString()!;
            Assert.Contains(method, name, StringComparison.Ordinal);
            owners.Add(name);
        }

        // A type initializer's scope is the process's, whichever test touched the type first.
        Assert.All(s_unownedKinds, kind => Assert.False(leaks.Single(l => Kind(l) == kind).TryGetProperty("owner", out _), $"{kind} is owned:\n{Describe()}"));

        JsonElement parent = Assert.Single(leaks.Single(l => Kind(l) == "db-connection").GetProperty("parents").EnumerateArray());
        Assert.Equal(
            ("request", "outer", Path.Combine(project.ProjectDirectory, "AwaitTests.cs"), project.LineOf("AwaitTests.cs", "Scope.Enter(\"request\", \"outer\")")),
            (parent.GetProperty("kind").GetString(), parent.GetProperty("name").GetString(), parent.GetProperty("file").GetString(), parent.GetProperty("line").GetInt32()));

        List<XElement> failing = [.. XDocument.Load(junitPath).Descendants("testcase").Where(c => c.Element("failure") is not null)];
        List<string> testCases = [.. failing
            .Where(c => !((string)c.Attribute("classname")!).StartsWith("leakscope.", StringComparison.Ordinal))
            .Select(c => $"{(string)c.Attribute("classname")!}.{(string)c.Attribute("name")!}")
            .Order(StringComparer.Ordinal)];
        Assert.Equal(owners.Order(StringComparer.Ordinal), testCases);
        Assert.Equal(
            s_unownedKinds.Select(kind => "leakscope." + kind).Order(StringComparer.Ordinal),
            failing.Select(c => (string)c.Attribute("classname")!).Where(c => c.StartsWith("leakscope.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    private static string Kind(JsonElement leak) => leak.GetProperty("kind").GetString()!;
}
