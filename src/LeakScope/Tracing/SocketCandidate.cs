namespace LeakScope.Cli.Tracing;

/// <summary>One socket named for a process in the temp directory, and what its check found.</summary>
/// <param name="Path">The socket file.</param>
/// <param name="LastWrite">Its modification time: the diagnostics client picks the newest.</param>
/// <param name="Standing">Whether it may be connected to.</param>
/// <param name="Uid">The listener's uid, or the file owner's when no listener answered; null when unknown.</param>
/// <param name="Listened">The uid is the listener's (from the kernel), not the file owner's.</param>
internal sealed record SocketCandidate(string Path, DateTime LastWrite, SocketStanding Standing, uint? Uid, bool Listened);
