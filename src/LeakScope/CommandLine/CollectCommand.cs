using System.CommandLine;
using System.Globalization;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// <c>leakscope collect &lt;pid&gt; -o FILE.nettrace</c>: records the LeakScope provider, snapshot
/// included, for <c>leakscope report</c> to analyse elsewhere. Writes to a temporary file and renames
/// it when complete; the file is readable by the current user only.
/// </summary>
internal static class CollectCommand
{
    public static Command Create(Func<CollectSettings, Task<int>> run)
    {
        var target = new TargetSelection(listen: true);
        Option<string> output = new("--output", "-o") { Description = "The .nettrace file to write.", Required = true };
        Option<DurationValue?> duration = CommonOptions.OptionalDuration("--duration", "Stop after this long (default: until Ctrl+C or the target exits).", allowZero: false);
        Option<DurationValue> minAge = CommonOptions.MinAge();
        Option<bool> stacks = CommonOptions.Stacks();
        Option<bool> allEvents = new("--all-events") { Description = "Record every enter and exit (full mode)." };
        Option<DurationValue> attachTimeout = CommonOptions.AttachTimeout();
        var command = new Command("collect", "Record a process's scopes to a .nettrace file for 'leakscope report'.")
        {
            output, duration, minAge, stacks, allEvents, attachTimeout,
        };
        target.AddTo(command);
        command.SetAction((result, _) => run(new CollectSettings(
            target.Pid(result),
            target.Name(result),
            result.GetValue(output)!,
            result.GetValue(duration)?.Value,
            result.GetValue(minAge),
            result.GetValue(stacks),
            result.GetValue(allEvents),
            result.GetValue(attachTimeout))
        {
            DiagnosticPort = target.DiagnosticPort(result),
        }));
        return command;
    }

    public static async Task<int> RunAsync(CollectSettings settings, ToolConsole console, TerminationSignal signal)
    {
        UserOnlyFile.RequireWritablePath(settings.Output);
        await using ChosenTarget chosen = await ChosenTarget.FindAsync(settings.Pid, settings.Name, settings.DiagnosticPort, settings.AttachTimeout, console, signal.Stop).ConfigureAwait(false);
        await chosen.AttachAsync(resume => RecordToFileAsync(chosen.Process, settings, console, signal.Stop, signal.Abort, resume), signal.Stop).ConfigureAwait(false);
        return (int)ReturnCode.Clean;
    }

    /// <summary>
    /// Records <paramref name="target"/> into <c>settings.Output</c> until <c>settings.Duration</c>,
    /// <paramref name="stop"/> or the target's end, then a closing snapshot; also what
    /// <c>monitor --on-leak collect</c> runs for each trace it triggers.
    /// </summary>
    /// <param name="target">The process to record.</param>
    /// <param name="settings">The file, the duration, and what to ask the target for.</param>
    /// <param name="console">Where the lines about the recording go.</param>
    /// <param name="stop">Ends the recording; the closing snapshot is still taken and the file kept.</param>
    /// <param name="abort">Gives up the closing snapshot's wait.</param>
    /// <param name="started">Runs once the session is set up: resumes a process paused at start-up (listen mode).</param>
    /// <param name="writeThrough">Wraps the file the stream is written to (<c>monitor --on-leak collect</c>: its disk bound).</param>
    public static async Task RecordToFileAsync(TargetProcess target, CollectSettings settings, ToolConsole console, CancellationToken stop, CancellationToken abort, Func<Task>? started = null, Func<Stream, Stream>? writeThrough = null)
    {
        using UserOnlyFile file = UserOnlyFile.Create(settings.Output, "the recording");
        var options = new SessionOptions(settings.MinAge, TimeSpan.FromSeconds(1), settings.Stacks, settings.AllEvents);
        Stream recording = writeThrough?.Invoke(file.Stream) ?? file.Stream;
        TargetSession session = await TargetSession.AttachAsync(target, options, settings.AttachTimeout, stop, recording, started).ConfigureAwait(false);
        string? unanswered;
        try
        {
            console.Error.WriteLine($"Recording {target} to {settings.Output}; Ctrl+C stops.");
            await RecordAsync(session, settings, console, stop).ConfigureAwait(false);
            unanswered = await CloseAsync(session, settings, abort).ConfigureAwait(false);
            if (!await session.StopAsync().ConfigureAwait(false))
            {
                unanswered ??= string.Create(CultureInfo.InvariantCulture, $"it did not end the session within {TargetSession.StopGrace.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        // A recording that could not be written whole is removed (the file is disposed uncommitted): a cut file would pass for the whole session.
        if (session.RecordingFailure is { } failure)
        {
            throw UserOnlyFile.Failure(settings.Output, file.TemporaryPath, "the recording", failure);
        }

        file.Commit();
        if (console.IsTerminal)
        {
            console.Error.WriteLine();
        }

        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {settings.Output}: {session.EventsRead} events, {session.EventsLost} lost, {session.BytesRecorded} bytes."));

        // What was received before the target stopped answering is kept: 'report' reads it, and says what it lacks.
        if (unanswered is not null)
        {
            throw new LeakScopeException(
                ReturnCode.TargetNotResponding,
                $"Process {target} stopped answering (frozen or hung): {unanswered}. The recording keeps what it sent until then.");
        }
    }

    private static async Task RecordAsync(TargetSession session, CollectSettings settings, ToolConsole console, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && !session.Completion.IsCompleted && session.RecordingFailure is null && (settings.Duration is not { } limit || clock.Elapsed < limit))
        {
            TimeSpan wait = settings.Duration is { } d && d - clock.Elapsed < TimeSpan.FromMilliseconds(500) ? d - clock.Elapsed : TimeSpan.FromMilliseconds(500);
            try
            {
                await Task.WhenAny(session.Completion, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            if (console.IsTerminal)
            {
                console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{clock.Elapsed.TotalSeconds:0} s, {session.EventsRead} events, {session.BytesRecorded / 1024} KiB"));
            }
        }
    }

    // A closing snapshot from a second session also lands in this recording: 'report' then knows
    // exactly what was open at the end, whatever was missed before.
    // Returns why the target did not answer it, when it stopped answering.
    private static async Task<string?> CloseAsync(TargetSession session, CollectSettings settings, CancellationToken abort)
    {
        if (session.Completion.IsCompleted)
        {
            return null;
        }

        try
        {
            await SnapshotTaker.TakeAsync(session.Target, settings.Stacks, settings.AttachTimeout, abort, closing: true).ConfigureAwait(false);
        }
        catch (LeakScopeException ex) when (ex.Code is ReturnCode.TargetNotResponding or ReturnCode.ProviderNotFound)
        {
            return "the closing snapshot failed: " + ex.Message.TrimEnd('.');
        }
        catch (LeakScopeException)
        {
            // The target went away: the recording simply has no closing snapshot.
            return null;
        }

        await session.WaitWhileStreamingAsync(
            () =>
            {
                lock (session.Tracker.Sync)
                {
                    return session.Tracker.ClosingSnapshot is not null;
                }
            },
            abort).ConfigureAwait(false);
        return null;
    }
}
