namespace LeakScope.Diagnostics;

/// <summary>
/// One enter or exit from a <c>ScopeBatch</c> event; fields not carried by its kind are empty. A closed
/// record is <see cref="ScopeRecordKind.Paired"/> for <see cref="Count"/> scopes with consecutive ids from
/// <see cref="ScopeId"/>; every other record is one scope's.
/// </summary>
internal readonly record struct ScopeRecord(
    ScopeRecordKind Kind,
    long ScopeId,
    int SiteId,
    int ThreadId,
    long ParentId,
    DateTime EnteredAt,
    string Name,
    int Outcome,
    double DurationMs,
    string ExceptionType,
    int OwnerId,
    int Count = 1);
