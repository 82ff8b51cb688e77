using System.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary><c>leakscope report FILE.nettrace</c>: the same report as <c>monitor</c>, from a recording.</summary>
internal static class ReportCommand
{
    /// <summary>
    /// How far a scope's enter time (the target's coarse clock, 1 to 4 ms, from a UTC origin taken
    /// at its start) may run ahead of the trace's event clock before the file's clock is distrusted.
    /// </summary>
    private static readonly TimeSpan s_clockTolerance = TimeSpan.FromMilliseconds(100);

    public static Command Create(Func<ReportSettings, Task<int>> run)
    {
        var file = new Argument<string>("file") { Description = "A .nettrace file from 'leakscope collect' or 'dotnet-trace --providers LeakScope'." };
        Option<ReportFormat?> format = CommonOptions.Format();
        Option<string?> output = CommonOptions.Output();
        Option<DurationValue> minAge = CommonOptions.MinAge();
        Option<bool> stacks = CommonOptions.Stacks();
        var command = new Command("report", "Report the scopes left open in a recorded trace file.") { file, format, output, minAge, stacks };
        command.SetAction((result, _) => run(new ReportSettings(result.GetValue(file)!, result.GetValue(format) ?? CommonOptions.DefaultFormat, result.GetValue(output), result.GetValue(minAge), result.GetValue(stacks))));
        return command;
    }

    public static Task<int> RunAsync(ReportSettings settings, ToolConsole console)
    {
        UserOnlyFile.RequireWritablePath(settings.Output);
        TraceFileContents contents = TraceFileReader.Read(settings.File);
        ScopeTrackerView view = ScopeTrackerView.Of(contents.Tracker);
        var notes = new List<string>();
        if (contents.Partial)
        {
            notes.Add($"Partial: the file ends abruptly after {contents.EventsRead} events; what it held is reported.");
        }

        bool noEvidence = contents.EvidenceEvents == 0;
        if (contents.EventsRead == 0)
        {
            notes.Add("The file holds no LeakScope event: it was recorded without the LeakScope provider, or with keywords 0 (dotnet-trace --providers LeakScope), which enable none of its events; record with leakscope collect or --providers LeakScope:0x25.");
        }
        else if (noEvidence)
        {
            notes.Add("The file holds no snapshot, announcement, exit or batch of LeakScope: which scopes were open is unknown.");
        }
        else if (!view.AnySnapshot)
        {
            notes.Add("The recording holds no snapshot: scopes opened before it began are unknown.");
        }

        if (!view.HasClosingSnapshot)
        {
            notes.Add("The recording holds no closing snapshot: scopes that exited in its last moments may be listed, and scopes younger than the announce threshold are not.");
        }

        DateTimeOffset end = contents.LastEventTime is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : new DateTimeOffset(File.GetLastWriteTimeUtc(settings.File), TimeSpan.Zero);

        // No scope can be entered after the recording's last event. When one seems to be, the file's
        // clock is damaged: every age is unknown, and young-looking leaks must not read as clean.
        bool clockDisagrees = view.Open.Any(s => s.Scope.EnteredAt > end.UtcDateTime + s_clockTolerance);
        if (clockDisagrees)
        {
            notes.Add("The recording's clock disagrees with its scopes' enter times (a damaged file?): their ages are unknown.");
        }

        LeakReport report = ReportBuilder.Build(
            "report",
            new TargetProcess(contents.ProcessId, contents.ProcessName ?? "unknown", null),
            view.Open,
            view.Abandoned,
            new ReportOptions(settings.MinAge, Endings.Recorded, contents.EventsLost, Authoritative: view.HasClosingSnapshot, end, TimeSpan.Zero, settings.Stacks, notes) { Partial = contents.Partial, NoEvidence = noEvidence, AgesUnknown = clockDisagrees, AbandonedBeforeUnknown = view.AbandonedBeforeUnknown, Exits = ([.. contents.Tracker.Outcomes.Sites], contents.RecordsRead > 0) },
            view.CountOnlyAbandoned) with { Timeline = contents.Tracker.Timeline.Freeze() };

        ReportOutput.Write(report, settings.Format, settings.Output, console);
        return Task.FromResult(contents.Partial ? (int)ReturnCode.PartialTrace : (int)Verdicts.ToReturnCode(report.Verdict));
    }
}
