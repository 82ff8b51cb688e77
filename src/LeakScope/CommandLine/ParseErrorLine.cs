using System.CommandLine;
using System.CommandLine.Parsing;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// Turns a failed parse into the one line the user reads, and the usage hint of the command typed.
/// System.CommandLine reports a token it could not place and the argument that then swallowed the
/// wrong token as two errors (and a bad enum value over several lines): the user needs one sentence.
/// </summary>
internal static class ParseErrorLine
{
    private const string Tool = "leakscope";

    public static string Describe(ParseResult parsed)
    {
        // A value that did not parse or is missing names its option or argument: the most precise error.
        ParseError? valueError = parsed.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult);
        if (valueError is not null)
        {
            return OneLine(valueError.Message);
        }

        Command command = parsed.CommandResult.Command;
        if (parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            return token.Length > 1 && token[0] == '-' ? $"Unknown option '{token}'."
                : command.Parents.Any() ? $"Unexpected argument '{token}' for '{CommandPath(parsed)}'."
                : $"Unknown command '{token}'; the commands are {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.";
        }

        return parsed.Errors.Count > 0 ? OneLine(parsed.Errors[0].Message) : "Bad arguments.";
    }

    /// <summary>"Run 'leakscope monitor --help' for usage." for the command the user typed.</summary>
    public static string UsageHint(ParseResult parsed) => $"Run '{CommandPath(parsed)} --help' for usage.";

    /// <summary>The command typed, from the tool's name: "leakscope monitor".</summary>
    public static string CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = parsed.CommandResult; result is CommandResult { Command: var command }; result = result.Parent)
        {
            names.Push(command.Parents.Any() ? command.Name : Tool);
        }

        return string.Join(' ', names);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
