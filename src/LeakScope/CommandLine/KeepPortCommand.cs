using System.CommandLine;
using LeakScope.Cli.Check;

namespace LeakScope.Cli.CommandLine;

/// <summary><c>leakscope __keep-port DIRECTORY PORT</c>: the hidden command check starts as its <see cref="PortKeeper"/>.</summary>
internal static class KeepPortCommand
{
    public static Command Create(CancellationToken stop)
    {
        var directory = new Argument<string>("directory");
        var port = new Argument<string>("port");
        var command = new Command(PortKeeper.CommandName, "Keeps check's diagnostic port answered after check ends (used by 'check').")
        {
            directory, port,
        };
        command.Hidden = true;
        command.SetAction((result, _) => PortKeeper.RunAsync(result.GetValue(directory)!, result.GetValue(port)!, Console.In, stop));
        return command;
    }
}
