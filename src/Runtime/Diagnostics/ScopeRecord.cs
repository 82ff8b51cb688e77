namespace LeakScope.Diagnostics;

/// <summary>One enter or exit from a <c>ScopeBatch</c> event; fields not carried by its kind are empty.</summary>
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
    int OwnerId);
