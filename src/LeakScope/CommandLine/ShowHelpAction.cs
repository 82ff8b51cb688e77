using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// What 'leakscope' alone does: print the help. Unlike the --help action it keeps parse errors, so
/// 'leakscope no-such-command' is still an error, not the help and exit 0.
/// </summary>
internal sealed class ShowHelpAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult) => new HelpAction().Invoke(parseResult);
}
