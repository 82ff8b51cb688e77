namespace LeakScope.MSTest;

/// <summary>
/// Fails a test that leaves scopes it owns open when it ends (after a grace for async cleanup), with
/// a message listing each one's kind, name and file:line. On a test method or class, or the assembly
/// (which <c>&lt;LeakScopeFailLeakingTests&gt;true&lt;/LeakScopeFailLeakingTests&gt;</c> in the test
/// project writes); the nearest one decides, so <c>[FailLeakingTests(false)]</c> exempts a test.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class FailLeakingTestsAttribute : Attribute
{
    /// <summary>Turns the check on (or, with false, off) here.</summary>
    /// <param name="enabled">Whether a leaking test fails.</param>
    public FailLeakingTestsAttribute(bool enabled = true)
        : this(enabled, -1)
    {
    }

    /// <summary>Turns the check on or off here, with its own grace.</summary>
    /// <param name="enabled">Whether a leaking test fails.</param>
    /// <param name="graceMilliseconds">How long the test's scopes may take to close after it ends; negative: as the enclosing level says (default 100 ms).</param>
    public FailLeakingTestsAttribute(bool enabled, int graceMilliseconds)
    {
        Enabled = enabled;
        GraceMilliseconds = graceMilliseconds;
    }

    /// <summary>Whether a leaking test fails.</summary>
    public bool Enabled { get; }

    /// <summary>How long the test's scopes may take to close after it ends; negative when not said here.</summary>
    public int GraceMilliseconds { get; }
}
