namespace LeakScope.Cli.Tracing;

/// <summary>What LeakScope could establish about a socket named like a process's diagnostic socket.</summary>
internal enum SocketStanding
{
    /// <summary>Its listener runs as the process's user or as root: safe to connect to.</summary>
    Verified,

    /// <summary>Its listener runs as another user; or no listener answered and the file belongs to another user.</summary>
    Foreign,

    /// <summary>No listener answered (a stale file, a full backlog), and the file is the process's user's or root's.</summary>
    Unanswered,
}
