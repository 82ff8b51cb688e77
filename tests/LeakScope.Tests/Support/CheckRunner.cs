using System.Reflection;

namespace LeakScope.Cli.Tests.Support;

/// <summary>Runs the real <c>leakscope check</c> binary in a scratch directory that is removed afterwards.</summary>
internal sealed class CheckRunner : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("leakscope-check-test-");

    /// <summary>The repository, so paths in SARIF and baselines come out relative to it.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string LeakyTestsAssembly => Metadata("LeakyTestsAssembly");

    public static string TestApp => Path.Combine(AppContext.BaseDirectory, "LeakScope.TestApp.dll");

    public string Scratch => _scratch.FullName;

    public string PathOf(string name) => Path.Combine(_scratch.FullName, name);

    /// <summary>Runs check with the options, then <c>--</c> and the command; the process is killed if it does not end in time.</summary>
    public ChildProcess Run(string[] options, params string[] command)
    {
        ChildProcess tool = Start(options, command);
        Assert.True(tool.WaitForExit(ChildProcess.Patience), $"check did not end. Output:\n{tool.Output}\nErrors:\n{tool.Errors}");
        return tool;
    }

    public ChildProcess Start(string[] options, params string[] command) =>
        ChildProcess.StartDotnet("leakscope.dll", ["check", "--source-root", RepositoryRoot, .. options, "--", .. command]);

    /// <summary>Starts check on the test app, which reads commands from check's standard input, and runs one command.</summary>
    public ChildProcess StartApp(string[] options, string command, out int appPid)
    {
        ChildProcess tool = Start(options, ChildProcess.DotnetHost, CheckRunner.TestApp);
        try
        {
            tool.WaitForLine(line => line == "ready", "the app's ready line");
            tool.Send(command);
            string verb = command.Split(' ')[0];
            tool.WaitForLine(line => line == "ok " + verb, "ok " + verb);
            appPid = CheckRunner.CommandPids(tool.Pid).Single();
            return tool;
        }
        catch
        {
            tool.Dispose();
            throw;
        }
    }

    /// <summary>The test app running a script of commands, then exiting.</summary>
    public static string[] App(string script) => [ChildProcess.DotnetHost, TestApp, "--script", script];

    public void Dispose() => _scratch.Delete(recursive: true);

    /// <summary>The processes whose parent is <paramref name="pid"/>, from the ppid field of /proc/N/stat.</summary>
    public static List<int> ChildPids(int pid)
    {
        var children = new List<int>();
        foreach (string directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int candidate))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return children;
    }

    /// <summary>The processes check started for its command: its children but its port keeper.</summary>
    public static List<int> CommandPids(int checkPid) => [.. ChildPids(checkPid).Where(p => !IsPortKeeper(p))];

    /// <summary>The process is a <c>leakscope __keep-port</c>, which check starts beside the command.</summary>
    public static bool IsPortKeeper(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains("__keep-port");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Metadata(string key) =>
        typeof(CheckRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
