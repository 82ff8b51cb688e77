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
/// <see cref="TriggerSettings.MaxFiles"/> traces are kept there.
/// </summary>
internal sealed class CollectionTrigger(TriggerSettings settings, TargetProcess target, MonitorSettings monitor, ToolConsole console) : IAsyncDisposable
{
    /// <summary>The files this trigger writes and prunes; nothing else in the directory is ever removed.</summary>
    public const string FilePrefix = "leakscope-";
    public const string FileExtension = ".nettrace";

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<string> _written = [];
    private readonly List<string> _failures = [];
    private Task? _running;
    private DateTime? _lastStarted;

    /// <summary>Traces written so far, and triggered traces that failed; read once the trigger is disposed.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_written)
            {
                return [.. _written.Select(path => "Triggered trace written: " + path), .. _failures];
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
        try
        {
            await Task.Yield();
            await CollectCommand.RecordToFileAsync(target, collect, quiet, _stop.Token, _abort.Token).ConfigureAwait(false);
            lock (_written)
            {
                _written.Add(path);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Monitoring ended while the trace was still attaching: there is nothing to keep.
            Failed("A triggered trace was not recorded: monitoring ended while it attached.");
        }
        catch (LeakScopeException ex)
        {
            Failed("A triggered trace failed: " + ex.Message);
        }
        finally
        {
            Prune();
        }
    }

    private void Failed(string failure)
    {
        console.Error.WriteLine("leakscope: " + DisplayText.Escape(failure));
        lock (_written)
        {
            _failures.Add(failure);
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
