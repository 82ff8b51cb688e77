namespace LeakScope.Diagnostics;

/// <summary>Why a snapshot was emitted; part of the wire contract.</summary>
internal enum SnapshotReason
{
    SessionStarted = 0,
    ProcessExiting = 1,
}
