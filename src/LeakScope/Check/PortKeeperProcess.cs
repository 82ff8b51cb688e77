using System.ComponentModel;
using System.Diagnostics;
using LeakScope.Cli.CommandLine;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// check's end of the <see cref="PortKeeper"/>: started beside the command, it holds the write end
/// of the keeper's standard input, which the kernel closes whatever way check ends.
/// </summary>
internal sealed class PortKeeperProcess
{
    private readonly Process _process;

    private PortKeeperProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>Starts the keeper; null when it cannot be started (check then runs without, as before).</summary>
    public static PortKeeperProcess? TryStart(CheckDirectory directory)
    {
        ProcessStartInfo start = ToolHost.StartInfo(PortKeeper.CommandName, directory.Root, directory.PortName);
        start.RedirectStandardInput = true;
        // Never check's own streams: a CI job or a pipe reading check's output to its end would wait for the keeper.
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        // Nor check's own port, when check runs under another check: the keeper is no process of the command.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        start.Environment.Remove(ExitSnapshotContract.DirectoryVariable);
        try
        {
            Process process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            process.StandardOutput.Close();
            process.StandardError.Close();
            return new PortKeeperProcess(process);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>check removed its directory itself: the keeper exits.</summary>
    public void Release() => Close(PortKeeper.ReleaseWord);

    /// <summary>Processes still carry the port: the keeper serves it from now on and removes the directory after them.</summary>
    public void HandOver() => Close(null);

    private void Close(string? word)
    {
        try
        {
            if (word is not null)
            {
                _process.StandardInput.WriteLine(word);
            }

            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The keeper is gone: nothing to tell it.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
