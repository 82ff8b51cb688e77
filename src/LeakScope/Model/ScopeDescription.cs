namespace LeakScope.Cli.Model;

/// <summary>What a describing event (announced, snapshot, abandoned) says about one scope.</summary>
internal readonly record struct ScopeDescription(
    long Id, string Kind, string Name, string File, int Line, string Member, int ThreadId, long ParentId, DateTime EnteredAt, string Stack, int OwnerId = 0, IReadOnlyList<ParentInfo>? Parents = null);
