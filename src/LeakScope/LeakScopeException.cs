namespace LeakScope.Cli;

/// <summary>An expected failure: the user sees its message as one line on stderr, and the process exits with its code.</summary>
internal sealed class LeakScopeException(ReturnCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ReturnCode Code { get; } = code;
}
