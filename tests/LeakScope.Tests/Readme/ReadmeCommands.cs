using System.Text;
using System.Text.RegularExpressions;

namespace LeakScope.Cli.Tests.Readme;

/// <summary>
/// Reads the commands out of README.md: every line of its <c>bash</c> and <c>sh</c> blocks, the
/// <c>run:</c> scripts of its <c>yaml</c> blocks, and the <c>$ </c> prompts of its <c>text</c> blocks.
/// </summary>
internal static partial class ReadmeCommands
{
    public static IReadOnlyList<ReadmeCommand> Read(string readmePath) => Parse(File.ReadAllLines(readmePath));

    public static IReadOnlyList<ReadmeCommand> Parse(IReadOnlyList<string> lines)
    {
        var commands = new List<ReadmeCommand>();
        for (int i = 0; i < lines.Count; i++)
        {
            Match fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            int first = i + 1;
            int end = first;
            while (end < lines.Count && lines[end].Trim() != "```")
            {
                end++;
            }

            string[] body = lines.Skip(first).Take(end - first).ToArray();
            string block = string.Join('\n', body);
            IEnumerable<(string Text, int Index)> found = fence.Groups["language"].Value switch
            {
                "bash" or "sh" => ShellLines(body),
                "yaml" => RunScripts(body),
                "text" => Prompts(body),
                _ => [],
            };
            commands.AddRange(found.Select(command => new ReadmeCommand(command.Text, first + command.Index + 1, block)));
            i = end;
        }

        return commands;
    }

    private static IEnumerable<(string Text, int Index)> ShellLines(IReadOnlyList<string> body)
    {
        var command = new StringBuilder();
        int start = -1;
        for (int i = 0; i < body.Count; i++)
        {
            string line = TrailingComment().Replace(body[i], string.Empty).Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            start = start < 0 ? i : start;
            if (line.EndsWith('\\'))
            {
                command.Append(line[..^1].TrimEnd()).Append(' ');
                continue;
            }

            command.Append(line);
            yield return (command.ToString(), start);
            command.Clear();
            start = -1;
        }
    }

    // A step's script: the indented lines under "run: |", or the value of a one-line "run:".
    private static IEnumerable<(string Text, int Index)> RunScripts(IReadOnlyList<string> body)
    {
        for (int i = 0; i < body.Count; i++)
        {
            Match run = RunKey().Match(body[i]);
            if (!run.Success)
            {
                continue;
            }

            if (run.Groups["value"].Value != "|")
            {
                yield return (run.Groups["value"].Value, i);
                continue;
            }

            int indent = run.Groups["indent"].Length;
            var script = new List<string>();
            int first = i + 1;
            while (first + script.Count < body.Count && Indent(body[first + script.Count]) > indent)
            {
                script.Add(body[first + script.Count]);
            }

            foreach ((string text, int index) in ShellLines(script))
            {
                yield return (text, first + index);
            }

            i = first + script.Count - 1;
        }
    }

    private static IEnumerable<(string Text, int Index)> Prompts(IReadOnlyList<string> body) =>
        body.Select((line, index) => (line, index))
            .Where(entry => entry.line.StartsWith("$ ", StringComparison.Ordinal))
            .Select(entry => (entry.line[2..].Trim(), entry.index));

    private static int Indent(string line) => line.Trim().Length == 0 ? int.MaxValue : line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"^```(?<language>[a-z]*)\s*$")]
    private static partial Regex Fence();

    // "  # why" after a command; a '#' inside a word or quotes is left alone by asking for a space before it.
    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"^(?<indent>\s*)(?:-\s+)?run:\s*(?<value>.+)$")]
    private static partial Regex RunKey();
}
