using System.Runtime.InteropServices;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// Ctrl+C and SIGTERM as cancellation: the first signal asks a command to stop and report, a second
/// one abandons the report.
/// </summary>
internal sealed class TerminationSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    private TerminationSignal()
    {
    }

    public CancellationToken Stop => _stop.Token;

    public CancellationToken Abort => _abort.Token;

    public static TerminationSignal Listen()
    {
        var signal = new TerminationSignal();
        foreach (PosixSignal posixSignal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            signal._registrations.Add(PosixSignalRegistration.Create(posixSignal, context =>
            {
                context.Cancel = true;
                signal.Raise();
            }));
        }

        return signal;
    }

    /// <summary>A signal source that never fires by itself, for in-process runs.</summary>
    public static TerminationSignal Manual() => new();

    public void Raise()
    {
        if (_stop.IsCancellationRequested)
        {
            _abort.Cancel();
        }
        else
        {
            _stop.Cancel();
        }
    }

    public void Dispose()
    {
        _registrations.ForEach(r => r.Dispose());
        _stop.Dispose();
        _abort.Dispose();
    }
}
