using System.ComponentModel;
using System.Data.Common;
using System.Runtime.CompilerServices;
using LeakScope.AutoTracking;
using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// Called by the code the LeakScope auto-tracking generator emits (<c>&lt;LeakScopeAutoTrack&gt;true&lt;/LeakScopeAutoTrack&gt;</c>);
/// not meant to be called by hand: use <see cref="Scope.Watch"/> and <see cref="Scope.Enter"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AutoTrack
{
    private static readonly ScopeRegistry s_registry = ScopeRuntime.Default.Registry;
    private static readonly ConditionalWeakTable<SemaphoreSlim, LockHolds> s_holds = new();

    // The holds this thread last used: the lock pattern waits and releases one semaphore on one thread,
    // so both find its holds here instead of in the table (two lookups, a third of a tracked lock pair).
    [ThreadStatic]
    private static LockHolds? t_lastHolds;

    /// <summary>Watches <paramref name="resource"/> as <see cref="Scope.Watch"/> does, unless its type has no watch rule (it could only be reported abandoned, maybe wrongly).</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="resource">The result of the intercepted call.</param>
    /// <param name="kind">The family's kind.</param>
    /// <param name="name">The family's name for it, or null.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns><paramref name="resource"/>, unchanged.</returns>
    public static T Watch<T>(T resource, string kind, string? name, string file, int line, string member)
        where T : class?
    {
        // The registry leaves a type with no rule unwatched itself: asking here too would classify every resource twice.
        if (resource is not null)
        {
            s_registry.Watch(resource, kind, name, file, line, member);
        }

        return resource;
    }

    /// <summary>Watches the result of <paramref name="task"/> once it is there; see <see cref="Watch{T}"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="task">The intercepted call's task.</param>
    /// <param name="kind">The family's kind.</param>
    /// <param name="name">The family's name for it, or null.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns>A task with the same result.</returns>
    public static async Task<T> WatchAsync<T>(Task<T> task, string kind, string? name, string file, int line, string member)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(task);
        return Watch(await task.ConfigureAwait(false), kind, name, file, line, member);
    }

    /// <summary>Watches the result of <paramref name="task"/> once it is there; see <see cref="Watch{T}"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="task">The intercepted call's task.</param>
    /// <param name="kind">The family's kind.</param>
    /// <param name="name">The family's name for it, or null.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns>A task with the same result.</returns>
    public static async ValueTask<T> WatchAsync<T>(ValueTask<T> task, string kind, string? name, string file, int line, string member)
        where T : class? =>
        Watch(await task.ConfigureAwait(false), kind, name, file, line, member);

    /// <summary>Watches <paramref name="resource"/> once <paramref name="task"/> has completed successfully (a connection once opened).</summary>
    /// <param name="task">The intercepted call's task.</param>
    /// <param name="resource">The resource the call opens.</param>
    /// <param name="kind">The family's kind.</param>
    /// <param name="name">The family's name for it, or null.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns>A task that completes as <paramref name="task"/> does.</returns>
    public static async Task WatchWhenDone(Task task, object resource, string kind, string? name, string file, int line, string member)
    {
        ArgumentNullException.ThrowIfNull(task);
        await task.ConfigureAwait(false);
        Watch(resource, kind, name, file, line, member);
    }

    /// <summary>Enters a lock scope on <paramref name="semaphore"/>, exited by a tracked <see cref="Released"/>.</summary>
    /// <param name="semaphore">The semaphore just entered.</param>
    /// <param name="name">The semaphore's name in source, such as its field.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    public static void Held(SemaphoreSlim semaphore, string? name, string file, int line, string member)
    {
        ArgumentNullException.ThrowIfNull(semaphore);
        ScopeHandle scope = s_registry.Enter("lock", name, file, line, member);
        if (scope.Id != 0)
        {
            HoldsOf(semaphore).Push(scope, file, member);
        }
    }

    /// <summary>Enters a lock scope when a timed wait succeeded; see <see cref="Held(SemaphoreSlim, string?, string, int, string)"/>.</summary>
    /// <param name="entered">What the wait returned.</param>
    /// <param name="semaphore">The semaphore waited on.</param>
    /// <param name="name">The semaphore's name in source.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns><paramref name="entered"/>.</returns>
    public static bool Held(bool entered, SemaphoreSlim semaphore, string? name, string file, int line, string member)
    {
        if (entered)
        {
            Held(semaphore, name, file, line, member);
        }

        return entered;
    }

    /// <summary>Enters a lock scope when <paramref name="wait"/> completes; no allocation when it already has.</summary>
    /// <param name="wait">The task of <c>WaitAsync</c>.</param>
    /// <param name="semaphore">The semaphore waited on.</param>
    /// <param name="name">The semaphore's name in source.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns>A task that completes as <paramref name="wait"/> does.</returns>
    public static Task HeldAsync(Task wait, SemaphoreSlim semaphore, string? name, string file, int line, string member)
    {
        ArgumentNullException.ThrowIfNull(wait);
        if (wait.IsCompletedSuccessfully)
        {
            Held(semaphore, name, file, line, member);
            return wait;
        }

        return HeldLater(wait, semaphore, name, file, line, member);
    }

    /// <summary>Enters a lock scope when a timed <c>WaitAsync</c> completes with true.</summary>
    /// <param name="wait">The task of <c>WaitAsync</c>.</param>
    /// <param name="semaphore">The semaphore waited on.</param>
    /// <param name="name">The semaphore's name in source.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="line">The call's line.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns>A task with the same result.</returns>
    public static Task<bool> HeldAsync(Task<bool> wait, SemaphoreSlim semaphore, string? name, string file, int line, string member)
    {
        ArgumentNullException.ThrowIfNull(wait);
        if (wait.IsCompletedSuccessfully)
        {
            Held(wait.Result, semaphore, name, file, line, member);
            return wait;
        }

        return HeldLater(wait, semaphore, name, file, line, member);
    }

    /// <summary>Exits up to <paramref name="releaseCount"/> lock scopes of <paramref name="semaphore"/>, those taken in the same member first.</summary>
    /// <param name="previousCount">What <c>Release</c> returned.</param>
    /// <param name="semaphore">The semaphore released.</param>
    /// <param name="releaseCount">How many times it was released.</param>
    /// <param name="file">The call's file.</param>
    /// <param name="member">The member holding the call.</param>
    /// <returns><paramref name="previousCount"/>.</returns>
    public static int Released(int previousCount, SemaphoreSlim semaphore, int releaseCount, string file, string member)
    {
        if (semaphore is null)
        {
            return previousCount;
        }

        LockHolds? holds = t_lastHolds;
        if (holds is null || !holds.Belong(semaphore))
        {
            if (!s_holds.TryGetValue(semaphore, out holds))
            {
                return previousCount;
            }

            t_lastHolds = holds;
        }

        holds.Pop(releaseCount, file, member);
        return previousCount;
    }

    /// <summary>Ends the scope of a watched transaction just committed or rolled back, with that outcome.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="committed">True after <c>Commit</c>, false after <c>Rollback</c>.</param>
    public static void TransactionEnded(DbTransaction transaction, bool committed)
    {
        if (transaction is not null)
        {
            s_registry.EndTransaction(transaction, committed ? ScopeOutcome.Committed : ScopeOutcome.RolledBack);
        }
    }

    /// <summary>Ends the scope of a watched transaction once its <c>CommitAsync</c> or <c>RollbackAsync</c> succeeded; see <see cref="TransactionEnded"/>.</summary>
    /// <param name="task">The intercepted call's task.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="committed">True for <c>CommitAsync</c>, false for <c>RollbackAsync</c>.</param>
    /// <returns>A task that completes as <paramref name="task"/> does.</returns>
    public static Task TransactionEndedAsync(Task task, DbTransaction transaction, bool committed)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompletedSuccessfully)
        {
            TransactionEnded(transaction, committed);
            return task;
        }

        return TransactionEndedLater(task, transaction, committed);
    }

    /// <summary>A connection's name: its data source and database, never its connection string.</summary>
    /// <param name="connection">The connection, or null.</param>
    /// <returns><c>data-source/database</c>, the database alone when the source has no name (in-memory), or null.</returns>
    public static string? DatabaseName(DbConnection? connection)
    {
        if (connection is null)
        {
            return null;
        }

        try
        {
            string source = connection.DataSource;
            return string.IsNullOrEmpty(source) ? connection.Database : $"{source}/{connection.Database}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>A request's name: its absolute URL (against the client's base address) without user info, query or fragment, which may carry secrets.</summary>
    /// <param name="client">The client sending it, for its base address.</param>
    /// <param name="requestUri">The URL as given to the call.</param>
    /// <returns><c>scheme://host:port/path</c>, the path alone when it cannot be made absolute, or null.</returns>
    public static string? RequestName(HttpClient? client, string? requestUri) =>
        RequestName(client, Uri.TryCreate(requestUri, UriKind.RelativeOrAbsolute, out Uri? uri) ? uri : null);

    /// <summary>A request's name; see <see cref="RequestName(HttpClient?, string?)"/>.</summary>
    /// <param name="client">The client sending it, for its base address.</param>
    /// <param name="request">The request.</param>
    /// <returns>Its URL without user info, query or fragment, or null.</returns>
    public static string? RequestName(HttpClient? client, HttpRequestMessage? request) => RequestName(client, request?.RequestUri);

    /// <summary>A request's name; see <see cref="RequestName(HttpClient?, string?)"/>.</summary>
    /// <param name="client">The client sending it, for its base address.</param>
    /// <param name="requestUri">The URL as given to the call.</param>
    /// <returns>Its URL without user info, query or fragment, or null.</returns>
    public static string? RequestName(HttpClient? client, Uri? requestUri)
    {
        Uri? uri = requestUri;
        if (uri is { IsAbsoluteUri: false } && client?.BaseAddress is { IsAbsoluteUri: true } baseAddress)
        {
            uri = Uri.TryCreate(baseAddress, uri, out Uri? combined) ? combined : uri;
        }

        uri ??= client?.BaseAddress;
        if (uri is null)
        {
            return null;
        }

        if (!uri.IsAbsoluteUri)
        {
            string relative = uri.OriginalString;
            int end = relative.AsSpan().IndexOfAny('?', '#');
            return end < 0 ? relative : relative[..end];
        }

        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    private static async Task TransactionEndedLater(Task task, DbTransaction transaction, bool committed)
    {
        await task.ConfigureAwait(false);
        TransactionEnded(transaction, committed);
    }

    private static LockHolds HoldsOf(SemaphoreSlim semaphore)
    {
        LockHolds? holds = t_lastHolds;
        if (holds is null || !holds.Belong(semaphore))
        {
            holds = s_holds.GetValue(semaphore, static created => new LockHolds(created, s_registry));
            t_lastHolds = holds;
        }

        return holds;
    }

    private static async Task HeldLater(Task wait, SemaphoreSlim semaphore, string? name, string file, int line, string member)
    {
        await wait.ConfigureAwait(false);
        Held(semaphore, name, file, line, member);
    }

    private static async Task<bool> HeldLater(Task<bool> wait, SemaphoreSlim semaphore, string? name, string file, int line, string member) =>
        Held(await wait.ConfigureAwait(false), semaphore, name, file, line, member);
}
