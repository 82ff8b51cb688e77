using System.Globalization;
using System.Xml.Linq;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// JUnit test cases for leaks whose owners are tests: one failing case per leaking test, so a CI test
/// tab shows the test that leaked, split where its framework's name splits class and test
/// (<c>Orders.Tests.CartTests</c>, <c>PlaceOrder(qty: 3)</c>); the leaks no test owns stay grouped by site.
/// </summary>
internal static class JUnitTestCases
{
    /// <param name="leaks">Every leak of the report.</param>
    /// <param name="sources">Makes paths relative to the source root.</param>
    /// <param name="unownedSites">The leaks no test owns, grouped by call site, for cases per site.</param>
    public static List<XElement> PerLeakingTest(IReadOnlyList<ReportedLeak> leaks, SourceTree sources, out IReadOnlyList<LeakGroup> unownedSites)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var cases = new List<XElement>();
        var rest = new List<ReportedLeak>();
        foreach (LeaksByOwner owner in LeaksByOwner.Of(leaks))
        {
            if (owner.Owner is not { } test || !OwnerInfo.IsTest(test))
            {
                continue;
            }

            string name = DisplayText.Escape(test.Name);
            (string className, string caseName) = Split(name);
            string detail = string.Create(c, $"Test '{name}' left {owner.Count} scope(s) open:") + string.Concat(owner.Sites.Select(site =>
            {
                ReportedLeak leak = site.Example;
                string inside = leak.Parents is { Count: > 0 } parents ? ", " + ParentText.Describe(parents, sources) : string.Empty;
                return string.Create(c, $"\n  {site.Count} '{DisplayText.Escape(leak.Kind)}' entered at {DisplayText.Escape(sources.Display(leak.File))}:{leak.Line} ({DisplayText.Escape(leak.Member)}){inside}");
            }));
            ReportedLeak first = owner.Sites[0].Example;
            cases.Add(new XElement(
                "testcase",
                new XAttribute("classname", className),
                new XAttribute("name", caseName),
                new XAttribute("file", DisplayText.Escape(sources.Display(first.File))),
                new XAttribute("line", first.Line),
                new XElement("failure", new XAttribute("type", "scope-leak"), new XAttribute("message", detail), detail)));
        }

        foreach (ReportedLeak leak in leaks)
        {
            if (leak.Owner is not { } owner || !OwnerInfo.IsTest(owner))
            {
                rest.Add(leak);
            }
        }

        unownedSites = [.. rest
            .GroupBy(leak => (leak.Kind, leak.File, leak.Line, leak.Member))
            .Select(site => new LeakGroup(site.Key.Kind, site.Key.File, site.Key.Line, site.Key.Member, site.Count(), site.Count(leak => leak.State == "abandoned"), site.Max(leak => leak.AgeSeconds), [], null))];
        return cases;
    }

    /// <summary>
    /// "Namespace.Class.Test(args)" as the class ("Namespace.Class") and the test ("Test(args)"): the
    /// last dot before any argument list splits them; a name without one is the test of class "test".
    /// </summary>
    private static (string ClassName, string CaseName) Split(string testName)
    {
        int arguments = testName.IndexOf('(', StringComparison.Ordinal);
        int dot = testName.LastIndexOf('.', arguments < 0 ? testName.Length - 1 : arguments);
        return dot > 0 ? (testName[..dot], testName[(dot + 1)..]) : (OwnerInfo.TestKind, testName);
    }
}
