namespace LeakScope.Cli.Model;

/// <summary>
/// A scope that enclosed a leak when it was entered (it may have exited since): what the runtime
/// tracks under <c>check</c> (docs/events.md, "Parent tracking"). A leak's parents are listed innermost first.
/// </summary>
internal sealed record ParentInfo(string Kind, string Name, string File, int Line);
