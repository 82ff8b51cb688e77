namespace LeakScope.Cli.Tests.Support;

/// <summary>The stdin-driven target in tests/LeakScope.TestApp: each command returns once the app said "ok".</summary>
internal sealed class TargetApp : IDisposable
{
    private TargetApp(ChildProcess process) => Process = process;

    public ChildProcess Process { get; }

    public int Pid => Process.Pid;

    /// <summary>What the last command said besides its call sites, such as "abandoned 24".</summary>
    public List<string> Said { get; } = [];

    public static TargetApp Start(params string[] arguments) => From(ChildProcess.StartDotnet("LeakScope.TestApp.dll", arguments));

    /// <summary>A TestApp started some other way (renamed, through env), once it is ready.</summary>
    public static TargetApp From(ChildProcess process)
    {
        var app = new TargetApp(process);
        try
        {
            app.Process.WaitForLine(line => line == "ready", "ready");
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    /// <summary>Runs one scenario command and returns the call sites it reported (kind, file, line).</summary>
    public List<(string Kind, string File, int Line)> Run(string command)
    {
        Process.Send(command);
        var sites = new List<(string, string, int)>();
        Said.Clear();
        string verb = command.Split(' ')[0];
        while (true)
        {
            string line = Process.WaitForLine(_ => true, $"'ok {verb}'");
            if (line == "ok " + verb)
            {
                return sites;
            }

            string[] words = line.Split(' ');
            if (words is ["site", var kind, var file, var number])
            {
                sites.Add((kind, file, int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                Said.Add(line);
            }
        }
    }

    public void Dispose() => Process.Dispose();
}
