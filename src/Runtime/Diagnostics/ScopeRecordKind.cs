namespace LeakScope.Diagnostics;

internal enum ScopeRecordKind
{
    Entered = 1,
    Exited = 2,

    /// <summary>An enter and its exit in one compact record: the scope was never open between two batches.</summary>
    Paired = 3,
}
