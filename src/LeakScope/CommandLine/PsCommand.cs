using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary><c>leakscope ps</c>: the .NET processes this user can attach to, as a table or JSON (docs/report-format.md).</summary>
internal static class PsCommand
{
    public static Command Create(Func<ReportFormat, Task<int>> run)
    {
        Option<ReportFormat?> format = CommonOptions.Choice<ReportFormat>(
            "--format",
            "-f",
            $"Output format (json: docs/report-format.md#ps). [default: {CommonOptions.ChoiceName(CommonOptions.DefaultFormat)}]");

        // A process list is not a report: ps has no HTML form.
        format.HelpName = "text|json";
        format.CompletionSources.Clear();
        format.CompletionSources.Add("text", "json");
        format.CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            ReportFormat? chosen = text.Equals("text", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Text
                : text.Equals("json", StringComparison.OrdinalIgnoreCase) ? ReportFormat.Json
                : null;
            if (chosen is null)
            {
                result.AddError($"--format takes text or json, not '{text}'.");
            }

            return chosen;
        };
        var command = new Command("ps", "List the .NET processes this user can attach to: pid, name and command line.") { format };
        command.SetAction((result, _) => run(result.GetValue(format) ?? CommonOptions.DefaultFormat));
        return command;
    }

    public static Task<int> RunAsync(ReportFormat format, ToolConsole console)
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

        if (format == ReportFormat.Json)
        {
            console.Out.WriteLine(Json(processes, othersSkipped, impersonated));
        }
        else if (processes.Count == 0)
        {
            console.Error.WriteLine("No .NET process this user can attach to.");
        }
        else
        {
            WriteTable(processes, console.Out);
        }

        return Task.FromResult((int)ReturnCode.Clean);
    }

    private static void WriteTable(IReadOnlyList<DotnetProcess> processes, TextWriter output)
    {
        int pidWidth = Math.Max(3, processes.Max(p => p.Pid.ToString(CultureInfo.InvariantCulture).Length));
        int nameWidth = Math.Max(4, processes.Max(p => DisplayText.Escape(p.Name).Length));
        output.WriteLine($"{"PID".PadLeft(pidWidth)}  {"NAME".PadRight(nameWidth)}  COMMAND");
        foreach (DotnetProcess process in processes)
        {
            output.WriteLine($"{process.Pid.ToString(CultureInfo.InvariantCulture).PadLeft(pidWidth)}  {DisplayText.Escape(process.Name).PadRight(nameWidth)}  {Namespace(process)}{DisplayText.Escape(process.CommandLine)}");
        }
    }

    /// <summary>Marks a process of another pid namespace, whose pid means nothing to the system's own ps here.</summary>
    private static string Namespace(DotnetProcess process) => process switch
    {
        { OtherNamespace: false } => string.Empty,
        { PidHere: int here } => string.Create(CultureInfo.InvariantCulture, $"[other pid namespace, pid {here} here] "),
        _ => "[other pid namespace] ",
    };

    private static string Json(IReadOnlyList<DotnetProcess> processes, int othersSkipped, IReadOnlyList<int> impersonated)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 1);
            json.WriteStartArray("processes");
            foreach (DotnetProcess process in processes)
            {
                json.WriteStartObject();
                json.WriteNumber("pid", process.Pid);
                json.WriteString("name", process.Name);
                json.WriteString("executable", process.Executable);
                json.WriteString("commandLine", process.CommandLine);
                json.WriteBoolean("otherPidNamespace", process.OtherNamespace);
                if (process.PidHere is int here)
                {
                    json.WriteNumber("pidHere", here);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("otherUsers", othersSkipped);
            json.WriteStartArray("foreignSockets");
            foreach (int pid in impersonated)
            {
                json.WriteNumberValue(pid);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
