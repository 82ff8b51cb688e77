using System.Text.RegularExpressions;

namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// Opens a page in headless Chromium (Debian's <c>chromium</c>; <c>.ci/run</c> installs it) and returns
/// the DOM after the page's script ran, with every console message the browser logged. A missing
/// browser fails the test with how to install it: the HTML report is only tested when a browser draws it.
/// </summary>
internal static partial class HeadlessBrowser
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);

    public static BrowserPage Open(string htmlFile)
    {
        string browser = Find() ?? throw new Xunit.Sdk.XunitException(
            "Chromium is needed to test the HTML report and is not installed: as root, apt-get install -y --no-install-recommends chromium (.ci/run does this).");
        DirectoryInfo profile = Directory.CreateTempSubdirectory("leakscope-chromium-");
        try
        {
            using ChildProcess chromium = ChildProcess.Start(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile.FullName,
                "--dump-dom",
                new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
            chromium.CloseInput();
            Assert.True(chromium.WaitForExit(s_patience), $"Chromium did not finish loading {htmlFile} within {s_patience.TotalSeconds} s.");
            string dom = chromium.Output;
            Assert.True(dom.Contains("</html>", StringComparison.Ordinal), "Chromium printed no page: " + chromium.Errors);
            List<string> console = [.. chromium.Errors.Split('\n').Where(line => ConsoleLine().IsMatch(line))];
            return new BrowserPage(dom, console);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(directory => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(directory, name)))
        .FirstOrDefault(File.Exists);

    // Chromium logs every console message, script error and blocked resource as "INFO:CONSOLE(line)" or "INFO:CONSOLE:line".
    [GeneratedRegex(@":CONSOLE[:(]")]
    private static partial Regex ConsoleLine();
}
