using System.CommandLine;
using System.Globalization;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary><c>leakscope ps</c>: the .NET processes this user can attach to.</summary>
internal static class PsCommand
{
    public static Command Create(Func<Task<int>> run)
    {
        var command = new Command("ps", "List the .NET processes this user can attach to: pid, name and command line.");
        command.SetAction((_, _) => run());
        return command;
    }

    public static Task<int> RunAsync(ToolConsole console)
    {
        IReadOnlyList<DotnetProcess> processes = DotnetProcesses.List(out int othersSkipped, out IReadOnlyList<int> impersonated);
        if (othersSkipped > 0)
        {
            console.Error.WriteLine($"{othersSkipped} more .NET process(es) belong to other users: run leakscope as their user to attach.");
        }

        if (impersonated.Count > 0)
        {
            console.Error.WriteLine($"Not listed: {string.Join(", ", impersonated)}: a diagnostic socket named for the process belongs to another user ('leakscope snapshot <pid>' names it).");
        }

        if (processes.Count == 0)
        {
            console.Error.WriteLine("No .NET process this user can attach to.");
            return Task.FromResult((int)ReturnCode.Clean);
        }

        int pidWidth = Math.Max(3, processes.Max(p => p.Pid.ToString(CultureInfo.InvariantCulture).Length));
        int nameWidth = Math.Max(4, processes.Max(p => DisplayText.Escape(p.Name).Length));
        console.Out.WriteLine($"{"PID".PadLeft(pidWidth)}  {"NAME".PadRight(nameWidth)}  COMMAND");
        foreach (DotnetProcess process in processes)
        {
            console.Out.WriteLine($"{process.Pid.ToString(CultureInfo.InvariantCulture).PadLeft(pidWidth)}  {DisplayText.Escape(process.Name).PadRight(nameWidth)}  {DisplayText.Escape(process.CommandLine)}");
        }

        return Task.FromResult((int)ReturnCode.Clean);
    }
}
