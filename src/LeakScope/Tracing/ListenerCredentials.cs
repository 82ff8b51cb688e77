namespace LeakScope.Cli.Tracing;

/// <summary>The process and user that listen on a Unix socket, from the kernel.</summary>
internal sealed record ListenerCredentials(int Pid, uint Uid);
