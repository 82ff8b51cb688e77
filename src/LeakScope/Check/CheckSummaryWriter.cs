using System.Globalization;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>The summary <c>check</c> always prints on standard error: processes, verdict, leak sites, suppressed and stale entries.</summary>
internal static class CheckSummaryWriter
{
    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        IReadOnlyList<ProcessEntry> processes = report.Processes ?? [];
        output.WriteLine();
        // Entries not observed may not be .NET at all (a shell still carrying the port): they are counted apart.
        int notObserved = processes.Count(p => p.Ending == CheckReportBuilder.NotObserved);
        string unseen = notObserved > 0 ? string.Create(c, $"; {notObserved} not observed") : string.Empty;
        output.WriteLine(string.Create(c, $"LeakScope check: {processes.Count - notObserved} .NET process(es) observed, {processes.Count(p => p.Instrumented)} using LeakScope{unseen}"));
        foreach (ProcessEntry process in processes)
        {
            string state = !process.Instrumented
                ? process.Ending == CheckReportBuilder.NotObserved ? "not observed" : "does not use LeakScope"
                : string.Create(c, $"{process.Ending}, {process.Verdict}, {process.Leaks} leak(s), {process.EventsLost} event(s) lost");
            output.WriteLine(string.Create(c, $"  {DisplayText.Escape(process.ProcessName)} ({process.Pid}): {state}"));
        }

        // From the groups, which hold every listed leak: counting the leaks would read each one again.
        int abandoned = report.Groups.Sum(g => g.Abandoned);
        int open = report.Leaks.Count - abandoned;
        string summary = report.Verdict switch
        {
            Verdicts.Clean => "no scope left open",
            Verdicts.Leaks => string.Create(c, $"{open} open, {abandoned} abandoned in {report.Groups.Count} call site(s)"),
            Verdicts.NoLeakScope when processes.Count == 0 => "no .NET process was started, so nothing was checked",
            Verdicts.NoLeakScope => "no process of the command used LeakScope.Runtime, so there was nothing to judge",
            _ => report.Leaks.Count > 0
                ? string.Create(c, $"{report.Leaks.Count} leak(s) found, but not every process was observed fully")
                : "not every process was observed fully, so leaks can be neither confirmed nor ruled out",
        };
        output.WriteLine(string.Create(c, $"Verdict: {report.Verdict.ToUpperInvariant()}: {summary}"));
        foreach (string note in report.Notes)
        {
            output.WriteLine("Note: " + DisplayText.Escape(note));
        }

        TextReportWriter.WriteGroups(report.Groups, sources, output);
        if (report.Suppressed is { Count: > 0 } suppressed)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"Accepted: {suppressed.Sum(s => s.Count)} leak(s) in {suppressed.Count} site(s):"));
            foreach (SuppressedGroup site in suppressed)
            {
                output.WriteLine(string.Create(c, $"  {site.Count} {DisplayText.Escape(site.Kind)} at {DisplayText.Escape(sources.Display(site.File))}:{site.Line} ({DisplayText.Escape(site.Reason)})"));
            }
        }

        if (report.StaleBaseline is { Count: > 0 } stale)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"Stale baseline: {stale.Count} entr(ies) no longer leak; remove them or run with --update-baseline:"));
            foreach (BaselineEntry entry in stale)
            {
                output.WriteLine(string.Create(c, $"  {DisplayText.Escape(entry.Kind)} at {DisplayText.Escape(entry.File)}:{entry.Line} ({DisplayText.Escape(entry.Member)})"));
            }
        }
    }

    /// <summary>The last line: the exit code, what it means, and the command's own exit code, which is never hidden.</summary>
    public static string Conclusion(ReturnCode code, CheckedCommand invocation, int? rootPid)
    {
        string command = invocation.ExitCode is { } exit
            ? string.Create(CultureInfo.InvariantCulture, $"the command (pid {rootPid}) exited with {exit}")
            : "the command did not finish";
        string meaning = code switch
        {
            ReturnCode.Clean => "clean",
            ReturnCode.LeaksFound => "leaks found",
            ReturnCode.Inconclusive => "inconclusive",
            ReturnCode.CommandFailed => "no leak found, but the command failed",
            ReturnCode.NoDotnetProcess => "the command started no .NET process, so nothing was checked",
            ReturnCode.ProviderNotFound => "no process the command started uses LeakScope.Runtime, so nothing was checked",
            ReturnCode.Interrupted => "interrupted; the report is partial",
            _ => code.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"leakscope: exit code {(int)code} ({meaning}); {command}.");
    }
}
