using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// JUnit XML for CI test tabs: a failing test case per leaking test when the leaks' owners are tests
/// (named as the test framework names the test, so the tab shows the test that leaked), and per leak
/// site for the rest; a passing one when there is none, an error when the run was inconclusive.
/// </summary>
internal static class JUnitWriter
{
    public static void Write(LeakReport report, SourceTree sources, Stream output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var cases = new List<XElement>();
        IReadOnlyList<LeakGroup> sites = report.Groups;
        if (report.Groups.Any(group => group.Owners.Any(OwnerInfo.IsTest)))
        {
            cases.AddRange(JUnitTestCases.PerLeakingTest(report.Leaks, sources, out sites));
        }

        foreach (LeakGroup group in sites)
        {
            // XML 1.0 cannot hold most control characters: every text from the target is escaped.
            string file = DisplayText.Escape(sources.Display(group.File));
            string kind = DisplayText.Escape(group.Kind);
            string member = DisplayText.Escape(group.Member);
            string where = string.Create(c, $"{file}:{group.Line}");
            string detail = string.Create(c, $"{group.Count} '{kind}' scope(s) entered at {where} in {member} were never exited ({group.Abandoned} abandoned); oldest {group.OldestAgeSeconds:0.###} s.");
            cases.Add(new XElement(
                "testcase",
                new XAttribute("classname", "leakscope." + kind),
                new XAttribute("name", string.Create(c, $"{where} ({member})")),
                new XAttribute("file", file),
                new XAttribute("line", group.Line),
                new XElement("failure", new XAttribute("type", "scope-leak"), new XAttribute("message", detail), detail)));
        }

        if (report.Verdict == Verdicts.NoLeakScope)
        {
            string why = report.Processes is { Count: 0 }
                ? "The command started no .NET process: nothing was checked."
                : "No process of the command used LeakScope.Runtime: nothing was checked.";
            cases.Add(new XElement(
                "testcase",
                new XAttribute("classname", "leakscope"),
                new XAttribute("name", "a process used LeakScope"),
                new XElement("error", new XAttribute("type", "no-leakscope"), new XAttribute("message", why), why)));
        }
        else if (report.Verdict == Verdicts.Inconclusive)
        {
            string why = DisplayText.Escape(string.Join(" ", report.Notes.DefaultIfEmpty("Not every process was observed fully.")));
            cases.Add(new XElement(
                "testcase",
                new XAttribute("classname", "leakscope"),
                new XAttribute("name", "every process observed fully"),
                new XElement("error", new XAttribute("type", "inconclusive"), new XAttribute("message", why), why)));
        }
        else if (cases.Count == 0)
        {
            cases.Add(new XElement("testcase", new XAttribute("classname", "leakscope"), new XAttribute("name", "no scope left open")));
        }

        int failures = cases.Count(testCase => testCase.Element("failure") is not null);
        int errors = report.Verdict is Verdicts.Inconclusive or Verdicts.NoLeakScope ? 1 : 0;
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", "leakscope check"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("timestamp", report.GeneratedAt.UtcDateTime.ToString("s", c)),
            new XAttribute("time", report.ObservedSeconds.ToString("0.###", c)),
            cases);
        var document = new XDocument(new XElement(
            "testsuites",
            new XAttribute("name", "leakscope"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            suite));
        // XDocument.Save(Stream) starts with a UTF-8 byte order mark, which some JUnit readers reject.
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true };
        using var writer = XmlWriter.Create(output, settings);
        document.Save(writer);
    }
}
