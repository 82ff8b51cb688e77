using System.CommandLine;
using LeakScope.Cli.Check;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// <c>leakscope check [options] -- &lt;command&gt;</c>: the CI gate. Runs the command, observes every
/// .NET process it starts from its first instruction, and fails when scopes were left open.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The <c>--output</c> that names standard output.</summary>
    public const string StandardOutput = "-";

    public const string ExitCodeHelp = """
        The exit code is the verdict: 0 clean, 1 leaks found, 2 inconclusive, 14 no leak but the
        command itself exited non-zero (its code is printed and in the JSON report as
        invocation.exitCode), 12 the command could not be started, 13 it started no .NET process,
        7 no process it started uses LeakScope.Runtime, 130 interrupted (a partial report is written).
        """;

    public static Command Create(Func<CheckSettings, Task<int>> run)
    {
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run, after '--': for example -- dotnet test tests/Orders.Tests.dll",
            Arity = ArgumentArity.OneOrMore,
        };
        // An empty program name makes Process.Start throw InvalidOperationException, not "cannot start".
        commandLine.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
            {
                result.AddError("The command to run is empty.");
            }
        });
        Option<CheckFormat[]> formats = CommonOptions.Choices<CheckFormat>(
            "--format",
            "-f",
            "Report format, for the --output in the same position (repeat both for several reports).");
        var outputs = new Option<string[]>("--output", "-o")
        {
            Description = "Write a report to this file; without a matching --format the format follows the extension (.json, .sarif, .xml, .md, .txt, .html). '-' is standard output, after the command's own output.",
        };
        var sourceRoot = new Option<string?>("--source-root")
        {
            Description = "Show paths (summary, text, Markdown, SARIF, JUnit, baseline; not JSON) relative to this directory. Default: the git work tree holding the current directory.",
        };
        var baseline = new Option<string?>("--baseline") { Description = "A file of known leak sites: leaks there do not fail the check; entries no longer leaking are listed as stale." };
        var updateBaseline = new Option<bool>("--update-baseline") { Description = "Write this run's leak sites to the --baseline file (the run then passes unless inconclusive)." };
        var ignoreKinds = new Option<string[]>("--ignore") { Description = "Accept leaks of this scope kind, e.g. process-lifetime singletons. Repeatable." };
        var ignoreSites = new Option<string[]>("--ignore-site") { Description = "Accept leaks at sites whose path (relative to the source root) matches this glob, optionally with :LINE. Repeatable." };
        var trace = new Option<string?>("--trace") { Description = "Keep the raw event stream as a .nettrace file (one per process, numbered by pid, when several use LeakScope)." };
        Option<bool> stacks = CommonOptions.Stacks();
        Option<DurationValue> announceAfter = CommonOptions.Duration(
            "--announce-after",
            "Scopes open this long are reported while the process runs, so a crash still shows them.",
            TimeSpan.FromSeconds(1),
            allowZero: true);
        Option<DurationValue> childTimeout = CommonOptions.Duration(
            "--child-timeout",
            ".NET processes started by the command may outlive it this long before they are reported as still running.",
            TimeSpan.FromSeconds(30),
            allowZero: true);
        var command = new Command("check", "Run a command and fail when a .NET process it starts leaves scopes open (the CI gate).\n\n" + ExitCodeHelp)
        {
            commandLine, formats, outputs, sourceRoot, baseline, updateBaseline, ignoreKinds, ignoreSites, trace, stacks, announceAfter, childTimeout,
        };
        command.SetAction((result, _) =>
        {
            string? baselinePath = result.GetValue(baseline);
            if (result.GetValue(updateBaseline) && baselinePath is null)
            {
                throw new LeakScopeException(ReturnCode.UsageError, "--update-baseline needs --baseline FILE to write.");
            }

            // Checked before the command runs: a CI job must not spend its run only to fail writing the result.
            string? tracePath = result.GetValue(trace);
            foreach (string file in (result.GetValue(outputs) ?? []).Where(o => o != StandardOutput).Append(tracePath).Append(result.GetValue(updateBaseline) ? baselinePath : null).OfType<string>())
            {
                UserOnlyFile.RequireWritablePath(file);
            }

            string? root = result.GetValue(sourceRoot);
            if (root is not null && !Directory.Exists(root))
            {
                throw new LeakScopeException(ReturnCode.UsageError, $"--source-root {root} is not a directory.");
            }

            return run(new CheckSettings(
                result.GetValue(commandLine) ?? [],
                PairOutputs(result.GetValue(formats) ?? [], result.GetValue(outputs) ?? []),
                root,
                baselinePath,
                result.GetValue(updateBaseline),
                result.GetValue(ignoreKinds) ?? [],
                result.GetValue(ignoreSites) ?? [],
                tracePath,
                result.GetValue(stacks),
                result.GetValue(announceAfter),
                result.GetValue(childTimeout)));
        });
        return command;
    }

    /// <summary>
    /// Pairs formats with files in order; a file alone takes its format from its extension. check's
    /// standard output is the command's own, so a report goes there only when named by <c>--output -</c>,
    /// with its format, and at most one.
    /// </summary>
    internal static List<CheckOutput> PairOutputs(IReadOnlyList<CheckFormat> formats, IReadOnlyList<string> paths)
    {
        if (formats.Count > paths.Count)
        {
            string format = formats[paths.Count].ToString().ToLowerInvariant();
            throw new LeakScopeException(
                ReturnCode.UsageError,
                $"check's standard output is the command's own: give --format {format} its --output FILE, or --output - to write it there after the command's output.");
        }

        var outputs = new List<CheckOutput>();
        for (int i = 0; i < paths.Count; i++)
        {
            string? path = paths[i] == StandardOutput ? null : paths[i];
            CheckFormat format = i < formats.Count ? formats[i]
                : path is null ? throw new LeakScopeException(ReturnCode.UsageError, "--output - (standard output) needs its --format.")
                : FormatOf(path);
            outputs.Add(new CheckOutput(format, path));
        }

        if (outputs.Count(o => o.Path is null) > 1)
        {
            throw new LeakScopeException(ReturnCode.UsageError, "Only one report can go to standard output (--output -).");
        }

        return outputs;
    }

    private static CheckFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => CheckFormat.Json,
        ".sarif" => CheckFormat.Sarif,
        ".xml" => CheckFormat.Junit,
        ".md" => CheckFormat.Markdown,
        ".txt" => CheckFormat.Text,
        ".html" or ".htm" => CheckFormat.Html,
        _ => throw new LeakScopeException(ReturnCode.UsageError, $"Cannot tell the report format of {path} from its extension: add --format."),
    };
}
