using System.Globalization;
using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Alerts;

/// <summary>
/// <c>monitor --on-leak collect</c>: when an alert condition holds, records a trace with a closing
/// snapshot (what <c>collect</c> writes, readable by <c>leakscope report</c>) into the trigger
/// directory while monitoring goes on; at most one at a time, one per cooldown (from the start of
/// one to the start of the next, as dotnet-monitor's action limits count), and only the newest
/// <see cref="TriggerSettings.MaxFiles"/> traces are kept there, holding <see cref="TriggerSettings.MaxBytes"/>
/// at most together, also while one is written (<see cref="TraceDiskBound"/>).
/// </summary>
internal sealed class CollectionTrigger(TriggerSettings settings, TargetProcess target, MonitorSettings monitor, ToolConsole console) : IAsyncDisposable
{
    /// <summary>The files this trigger writes and prunes; nothing else in the directory is ever removed.</summary>
    public const string FilePrefix = "leakscope-";
    public const string FileExtension = ".nettrace";

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<string> _notes = [];
    private Task? _running;
    private DateTime? _lastStarted;

    /// <summary>Traces written so far, cut, ended early or removed for the disk bound, and triggered traces that failed; read once the trigger is disposed.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_notes)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>Starts a trace for <paramref name="alert"/> unless one is running or the cooldown has not passed.</summary>
    /// <returns>Whether a trace was started.</returns>
    public bool OnAlert(ReportedAlert alert, DateTime now)
    {
        if (_running is { IsCompleted: false } || (_lastStarted is { } last && now - last < settings.Cooldown))
        {
            return false;
        }

        _lastStarted = now;
        string path = Path.Combine(settings.Directory, string.Create(CultureInfo.InvariantCulture, $"{FilePrefix}{now:yyyyMMdd'T'HHmmss'.'fff'Z'}-{target.Pid}{FileExtension}"));
        console.Error.WriteLine(DisplayText.Escape($"Alert {alert.Condition}: {alert.Detail} Recording {path} for {settings.Duration.TotalSeconds:0.###} s."));
        _running = RecordAsync(path);
        return true;
    }

    /// <summary>Ends a trace under way (its closing snapshot is still taken and the file kept) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }

        _stop.Dispose();
        _abort.Dispose();
    }

    /// <summary>The traces this trigger may prune in <paramref name="directory"/>, oldest first (their names start with the time).</summary>
    public static List<string> Traces(string directory) =>
        [.. Directory.EnumerateFiles(directory, FilePrefix + "*" + FileExtension)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Order(StringComparer.Ordinal)];

    private async Task RecordAsync(string path)
    {
        var collect = new CollectSettings(target.Pid, null, path, settings.Duration, monitor.MinAge, monitor.Stacks, monitor.AllEvents, monitor.AttachTimeout);

        // Its own lines only: a progress line would fight the live table for the terminal.
        var quiet = new ToolConsole(TextWriter.Null, console.Error, IsTerminal: false);
        using var endEarly = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        bool halfFull = false;
        TraceDiskBound? bound = null;
        Stream Bounded(Stream file) => bound = new TraceDiskBound(
            file,
            settings.MaxBytes,
            Traces(settings.Directory),
            removed => Tell($"Triggered trace removed, oldest first, to keep the traces in {settings.Directory} within --trigger-max-bytes {settings.MaxBytes}: {removed}"),
            () =>
            {
                halfFull = true;

                // Not on the thread that reads the events: what waits on the token goes on elsewhere.
                _ = endEarly.CancelAsync();
            });
        try
        {
            await Task.Yield();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await CollectCommand.RecordToFileAsync(target, collect, quiet, endEarly.Token, _abort.Token, writeThrough: Bounded).ConfigureAwait(false);
            lock (_notes)
            {
                _notes.Add("Triggered trace written: " + path);
            }

            if (bound is { Cut: true })
            {
                Tell(string.Create(CultureInfo.InvariantCulture, $"Triggered trace {path} was cut at {bound.BytesWritten} bytes, the room --trigger-max-bytes {settings.MaxBytes} left it: leakscope report reads it as partial."));
            }
            else if (halfFull && clock.Elapsed < settings.Duration && !_stop.IsCancellationRequested)
            {
                // Shorter than it was asked to record: the bound ended it (half full during the closing snapshot is no early end).
                Tell(string.Create(CultureInfo.InvariantCulture, $"Triggered trace {path} was ended early, with its closing snapshot, at half of --trigger-max-bytes {settings.MaxBytes}: {bound?.BytesWritten} bytes."));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Monitoring ended while the trace was still attaching: there is nothing to keep.
            Tell("A triggered trace was not recorded: monitoring ended while it attached.");
        }
        catch (OperationCanceledException) when (halfFull)
        {
            Tell(string.Create(CultureInfo.InvariantCulture, $"A triggered trace was not kept: its opening snapshot alone took half of --trigger-max-bytes {settings.MaxBytes}."));
        }
        catch (LeakScopeException ex)
        {
            Tell("A triggered trace failed: " + ex.Message);
        }
        finally
        {
            Prune();
        }
    }

    private void Tell(string note)
    {
        console.Error.WriteLine("leakscope: " + DisplayText.Escape(note));
        lock (_notes)
        {
            _notes.Add(note);
        }
    }

    private void Prune()
    {
        try
        {
            List<string> traces = Traces(settings.Directory);
            foreach (string old in traces.Take(Math.Max(traces.Count - settings.MaxFiles, 0)))
            {
                File.Delete(old);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine("leakscope: " + DisplayText.Escape("Could not remove old triggered traces: " + ex.Message));
        }
    }
}
