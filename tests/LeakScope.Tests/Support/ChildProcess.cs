using System.Collections.Concurrent;
using System.Diagnostics;

namespace LeakScope.Cli.Tests.Support;

/// <summary>A real process started for a test, with its output collected line by line; killed on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _allLines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            // The reader can deliver the last line or the end after Dispose: an exception here would crash the test host.
            try
            {
                if (e.Data is null)
                {
                    _lines.CompleteAdding();
                    return;
                }

                _allLines.Enqueue(e.Data);
                _lines.Add(e.Data);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                // Disposed or already complete: nobody is reading any more.
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _errors.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _allLines);

    public string Errors => string.Join('\n', _errors);

    public static ChildProcess Start(string fileName, params string[] arguments) => Start(fileName, environment: null, arguments);

    public static ChildProcess Start(string fileName, IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>Starts a .NET app that was built beside the tests.</summary>
    public static ChildProcess StartDotnet(string assemblyFileName, params string[] arguments) =>
        Start(DotnetHost, [Path.Combine(AppContext.BaseDirectory, assemblyFileName), .. arguments]);

    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Waits for the next line matching; fails the test on timeout or exit.</summary>
    public string WaitForLine(Func<string, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            foreach (string line in _lines.GetConsumingEnumerable(timeout.Token))
            {
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Fail($"Process {Pid} did not print {what} within {Patience.TotalSeconds} s. Output:\n{Output}\nErrors:\n{Errors}");
        return string.Empty;
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the exit, then for the output already written to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(Patience);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _lines.Dispose();
    }
}
