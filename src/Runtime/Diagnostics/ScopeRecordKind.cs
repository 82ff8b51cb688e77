namespace LeakScope.Diagnostics;

internal enum ScopeRecordKind
{
    Entered = 1,
    Exited = 2,
}
