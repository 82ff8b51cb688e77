namespace LeakScope.Cli.Alerts;

/// <summary><c>monitor --on-leak collect</c>: where traces go, how long each records, how often one may start, and how many are kept.</summary>
internal sealed record TriggerSettings(string Directory, TimeSpan Duration, TimeSpan Cooldown, int MaxFiles);
