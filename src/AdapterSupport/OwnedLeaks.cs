using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LeakScope.Adapters;

/// <summary>
/// What the test-framework adapters share: the owner kind they set, and the check that fails a test
/// whose own scopes are still open when it ends. Compiled into each adapter (linked source), so no
/// adapter needs public API beyond what LeakScope.Runtime has.
/// </summary>
internal static class OwnedLeaks
{
    /// <summary>The owner kind every test-framework adapter sets.</summary>
    public const string TestOwnerKind = "test";

    /// <summary>How long a test's scopes may take to close after it ends (async cleanup) when nothing says otherwise.</summary>
    public const int DefaultGraceMilliseconds = 100;

    // Short enough that a test whose cleanup finishes at once is not held up; the grace bounds the total.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The scopes entered by the test <paramref name="testName"/> that are still open once
    /// <paramref name="grace"/> has passed; returns as soon as none is. Only this test's scopes
    /// count, so tests running in parallel do not blame each other.
    /// </summary>
    public static IReadOnlyList<OpenScope> WaitForOwnedScopes(string testName, TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<OpenScope> open = OwnedBy(testName);
            if (open.Count == 0 || clock.Elapsed >= grace)
            {
                return open;
            }

            // Blocking on a task, not Thread.Sleep: the hooks run on pool threads, and the thread
            // pool adds threads at once for one blocked on a task, so cleanup still queued behind
            // parallel tests that are all waiting here gets a thread to run on.
            Task.Delay(s_pollInterval).Wait();
        }
    }

    /// <summary>The message a leaking test fails with: one line per scope, kind, name and file:line.</summary>
    public static string Describe(string testName, IReadOnlyList<OpenScope> open, TimeSpan grace)
    {
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"LeakScope: test '{testName}' left {open.Count} scope(s) open {grace.TotalMilliseconds:0} ms after it ended:");
        foreach (OpenScope scope in open)
        {
            string name = scope.Name is null ? string.Empty : $" '{scope.Name}'";
            message.Append(CultureInfo.InvariantCulture, $"\n  {scope.Kind}{name} entered at {scope.File}:{scope.Line} ({scope.Member})");
        }

        return message.ToString();
    }

    private static List<OpenScope> OwnedBy(string testName) =>
        [.. Scope.GetOpenScopes().Where(scope =>
            scope.OwnerKind == TestOwnerKind
            && scope.OwnerName == testName
            // A type initializer runs once, in whichever test touches the type first: what it opens
            // belongs to the process, not to that test.
            && scope.Member != ".cctor")];
}
