namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>End-to-end tests start processes and EventPipe sessions: they run one at a time so they do not fight for 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
