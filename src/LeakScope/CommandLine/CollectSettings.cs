namespace LeakScope.Cli.CommandLine;

internal sealed record CollectSettings(int? Pid, string? Name, string Output, TimeSpan? Duration, TimeSpan MinAge, bool Stacks, bool AllEvents, TimeSpan AttachTimeout);
