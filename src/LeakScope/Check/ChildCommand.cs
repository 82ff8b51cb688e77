using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LeakScope.Cli.Check;

/// <summary>The command under check: started with its standard streams shared with leakscope's, stopped gently and then for good.</summary>
internal sealed partial class ChildCommand : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;

    private ChildCommand(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>The command's exit code, or null while it has not ended.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ChildCommand Start(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (string argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            return new ChildCommand(Process.Start(start) ?? throw new LeakScopeException(ReturnCode.CommandNotStarted, $"Cannot start '{commandLine[0]}'."));
        }
        catch (Win32Exception ex)
        {
            throw new LeakScopeException(ReturnCode.CommandNotStarted, $"Cannot start '{commandLine[0]}': {ex.Message}.", ex);
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Asks the command to end (SIGTERM, so a .NET child still runs its exit handlers), then kills its
    /// whole tree if it has not after <paramref name="grace"/>, or at once when <paramref name="abort"/> fires.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken abort)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            _ = SendSignal(_process.Id, SigTerm);
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(abort);
        patience.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            using var reaped = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(reaped.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Unkillable (stopped in the kernel): reported as not finished.
            }
        }
    }

    /// <summary>Kills the command and everything it started that is still its descendant.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _process.Dispose();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
