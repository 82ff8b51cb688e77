namespace LeakScope.Xunit;

/// <summary>What a test that left its own scopes open fails with, when the fail mode is on for it.</summary>
public sealed class LeakedScopesException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeakedScopesException()
    {
    }

    /// <summary>Creates the exception with the list of scopes left open.</summary>
    /// <param name="message">The scopes, one per line.</param>
    public LeakedScopesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LeakedScopesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
