using System.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary><c>leakscope snapshot &lt;pid&gt;</c>: the scopes open now, grouped by call site, then detach.</summary>
internal static class SnapshotCommand
{
    public static Command Create(Func<SnapshotSettings, Task<int>> run)
    {
        var target = new TargetSelection(listen: true);
        Option<ReportFormat?> format = CommonOptions.Format();
        Option<string?> output = CommonOptions.Output();
        Option<DurationValue> minAge = CommonOptions.MinAge();
        Option<bool> stacks = CommonOptions.Stacks();
        Option<DurationValue> attachTimeout = CommonOptions.AttachTimeout();
        var command = new Command("snapshot", "Attach, list the scopes open now (with when and where each was entered), and detach.")
        {
            format, output, minAge, stacks, attachTimeout,
        };
        target.AddTo(command);
        command.SetAction((result, _) => run(
            new SnapshotSettings(
                target.Pid(result),
                target.Name(result),
                result.GetValue(format) ?? CommonOptions.DefaultFormat,
                result.GetValue(output),
                result.GetValue(minAge),
                result.GetValue(stacks),
                result.GetValue(attachTimeout))
            {
                DiagnosticPort = target.DiagnosticPort(result),
            }));
        return command;
    }

    public static async Task<int> RunAsync(SnapshotSettings settings, ToolConsole console, CancellationToken cancellationToken)
    {
        UserOnlyFile.RequireWritablePath(settings.Output);
        await using ChosenTarget chosen = await ChosenTarget.FindAsync(settings.Pid, settings.Name, settings.DiagnosticPort, settings.AttachTimeout, console, cancellationToken).ConfigureAwait(false);
        TargetProcess target = chosen.Process;
        DateTimeOffset started = DateTimeOffset.UtcNow;
        TakenSnapshot snapshot = await chosen.AttachAsync(resume => SnapshotTaker.TakeAsync(target, settings.Stacks, settings.AttachTimeout, cancellationToken, started: resume), cancellationToken).ConfigureAwait(false);
        LeakReport report = ReportBuilder.Build(
            "snapshot",
            target,
            snapshot.Open,
            snapshot.Abandoned,
            new ReportOptions(settings.MinAge, Endings.Snapshot, snapshot.EventsLost, Authoritative: false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow - started, settings.Stacks, [])
            {
                AbandonedBeforeUnknown = snapshot.AbandonedBeforeUnknown,
            },
            snapshot.CountOnlyAbandoned);
        ReportOutput.Write(report, settings.Format, settings.Output, console);
        return (int)Verdicts.ToReturnCode(report.Verdict);
    }
}
