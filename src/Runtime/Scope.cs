using System.Diagnostics;
using System.Runtime.CompilerServices;
using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// Marks the lifetime of a resource as a scope that LeakScope can see from outside the process.
/// </summary>
/// <remarks>
/// <code>
/// using (Scope.Enter("db-connection", "orders"))
/// {
///     // use the connection
/// }
///
/// await using var file = Scope.Track(File.OpenRead(path), "file", path);
/// await file.Resource.ReadAsync(buffer);
/// </code>
/// The call site is recorded through caller-info attributes, at no runtime cost. A tool attached to
/// the process over EventPipe (provider <c>LeakScope</c>) sees the scopes open now, since when and
/// opened where; in-process, <see cref="GetOpenScopes"/> answers the same question.
/// </remarks>
public static class Scope
{
    private static readonly ScopeRegistry s_registry = ScopeRuntime.Default.Registry;
    private static readonly ScopeRuntime s_runtime = ScopeRuntime.Default;

    /// <summary>Enters a scope; dispose the returned handle to exit it.</summary>
    /// <param name="kind">What kind of resource this is, such as <c>db-connection</c>; keep it to a few distinct values.</param>
    /// <param name="name">Which one, such as a database or file name; may be redacted or capped by a session.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns>The open scope.</returns>
    public static ScopeHandle Enter(
        string kind,
        string? name = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "") =>
        s_registry.Enter(kind, name, file, line, member);

    /// <summary>
    /// Tracks an existing resource as a scope: disposing the returned object disposes the resource and
    /// exits the scope; collecting it undisposed reports the scope as abandoned.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="resource">The resource; it is disposed with the scope when it is disposable.</param>
    /// <param name="kind">What kind of resource this is, such as <c>file</c>.</param>
    /// <param name="name">Which one, such as the file's path.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns>The tracked resource.</returns>
    public static TrackedScope<T> Track<T>(
        T resource,
        string kind,
        string? name = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
        where T : class
    {
        var tracked = new TrackedScope<T>(resource);
        tracked.Attach(s_registry.Enter(kind, name, file, line, member, tracked, WatchRule.Tracked));
        return tracked;
    }

    /// <summary>
    /// Watches an existing resource as a scope and returns the resource itself: the scope exits when
    /// the resource is closed by any path (<c>using</c>, <c>Dispose</c>, <c>Close</c>, or an owner
    /// closing it, such as a <c>StreamReader</c> closing its stream), and is reported abandoned when the
    /// resource is garbage-collected without having been closed.
    /// </summary>
    /// <remarks>
    /// <code>
    /// var connection = Scope.Watch(new SqliteConnection(connectionString), "db-connection", "orders");
    /// using var reader = new StreamReader(Scope.Watch(File.OpenRead(path), "file", path));
    /// </code>
    /// How closing is seen depends on the resource's type (streams, safe handles, wait handles,
    /// ADO.NET connections, commands, readers and transactions, components, cancellation sources, DI
    /// scopes): docs/watch.md lists each rule. A type with no rule could never be seen closed, so it is
    /// returned untouched and not watched: use <see cref="Track"/> for such a type. The runtime holds
    /// the resource only weakly: watching never keeps it alive.
    /// </remarks>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="resource">The resource to watch.</param>
    /// <param name="kind">What kind of resource this is, such as <c>file</c>.</param>
    /// <param name="name">Which one, such as the file's path.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns><paramref name="resource"/>, unchanged.</returns>
    public static T Watch<T>(
        T resource,
        string kind,
        string? name = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
        where T : class
    {
        s_registry.Watch(resource, kind, name, file, line, member);
        return resource;
    }

    /// <summary>Runs <paramref name="body"/> inside a scope whose outcome is completed, or faulted with the exception it throws.</summary>
    /// <param name="kind">What kind of resource this is.</param>
    /// <param name="name">Which one, or null.</param>
    /// <param name="body">The work done while the scope is open.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    public static void Run(
        string kind,
        string? name,
        Action body,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        ScopeHandle scope = s_registry.Enter(kind, name, file, line, member);
        try
        {
            body();
        }
        catch (Exception ex) when (FailAndContinueUnwinding(scope, ex))
        {
            throw new UnreachableException();
        }
        finally
        {
            scope.Exit(ScopeOutcome.Completed);
        }
    }

    /// <summary>Runs <paramref name="body"/> inside a scope and returns its result; see <see cref="Run(string, string?, Action, string, int, string)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="kind">What kind of resource this is.</param>
    /// <param name="name">Which one, or null.</param>
    /// <param name="body">The work done while the scope is open.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns>What <paramref name="body"/> returned.</returns>
    public static T Run<T>(
        string kind,
        string? name,
        Func<T> body,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        ScopeHandle scope = s_registry.Enter(kind, name, file, line, member);
        try
        {
            return body();
        }
        catch (Exception ex) when (FailAndContinueUnwinding(scope, ex))
        {
            throw new UnreachableException();
        }
        finally
        {
            scope.Exit(ScopeOutcome.Completed);
        }
    }

    /// <summary>Awaits <paramref name="body"/> inside a scope whose outcome is completed, or faulted with the exception it throws.</summary>
    /// <param name="kind">What kind of resource this is.</param>
    /// <param name="name">Which one, or null.</param>
    /// <param name="body">The work done while the scope is open.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns>A task that completes when the scope has exited.</returns>
    public static async Task RunAsync(
        string kind,
        string? name,
        Func<Task> body,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        ScopeHandle scope = s_registry.Enter(kind, name, file, line, member);
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (FailAndContinueUnwinding(scope, ex))
        {
            throw new UnreachableException();
        }
        finally
        {
            scope.Exit(ScopeOutcome.Completed);
        }
    }

    /// <summary>Awaits <paramref name="body"/> inside a scope and returns its result; see <see cref="RunAsync(string, string?, Func{Task}, string, int, string)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="kind">What kind of resource this is.</param>
    /// <param name="name">Which one, or null.</param>
    /// <param name="body">The work done while the scope is open.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <returns>What <paramref name="body"/> returned.</returns>
    public static async Task<T> RunAsync<T>(
        string kind,
        string? name,
        Func<Task<T>> body,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        ScopeHandle scope = s_registry.Enter(kind, name, file, line, member);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (FailAndContinueUnwinding(scope, ex))
        {
            throw new UnreachableException();
        }
        finally
        {
            scope.Exit(ScopeOutcome.Completed);
        }
    }

    /// <summary>
    /// Makes an owner (a test, a request) current on this async flow until the result is disposed:
    /// every scope entered meanwhile, here or in code this flow awaits or starts, carries it, and a
    /// leak report names it. Owners flow like <see cref="AsyncLocal{T}"/>: parallel flows keep their
    /// own, and scopes entered where none flows (static initializers, pooled work, timers started
    /// elsewhere, <c>Task.Run</c> under <see cref="ExecutionContext.SuppressFlow"/>) are unowned.
    /// </summary>
    /// <remarks>
    /// <code>
    /// using (Scope.Own("test", "Orders.Tests.PlaceOrder(qty: 3)"))
    /// {
    ///     await RunTestAsync();
    /// }
    /// </code>
    /// Set an owner rarely (once per test or request): it is interned once per distinct kind and name,
    /// so entering a scope only reads it. Name owners by something bounded (a test's display name, a
    /// route template, not a raw URL).
    /// </remarks>
    /// <param name="kind">What kind of owner, such as <c>test</c> or <c>request</c>.</param>
    /// <param name="name">Which one, as its framework names it, such as the test's display name or <c>GET /orders/{id}</c>.</param>
    /// <returns>The ownership; dispose it to restore the owner that was current before.</returns>
    public static ScopeOwnership Own(string kind, string name)
    {
        try
        {
            OwnerTable owners = s_registry.Owners;
            ScopeOwner owner = owners.Intern(kind ?? "unspecified", name ?? string.Empty);
            return new ScopeOwnership(owners, owners.Push(owner));
        }
        catch (Exception ex)
        {
            SelfLog.Write("owner", ex);
            return default;
        }
    }

    /// <summary>Records the scopes open now, for <see cref="GetOpenScopes"/> to leave out later.</summary>
    /// <returns>The checkpoint.</returns>
    public static ScopeCheckpoint Checkpoint()
    {
        s_registry.SweepWatched(minAgeMs: 0, probe: true);
        return new(s_registry.ReadOpen().Select(scope => scope.Id).ToHashSet());
    }

    /// <summary>
    /// The scopes open now, oldest first; with a checkpoint, only those that were not open at it. In a
    /// test: <c>Assert.Empty(Scope.GetOpenScopes(checkpoint));</c>
    /// </summary>
    /// <param name="ignore">Scopes open at this checkpoint are left out.</param>
    /// <returns>The open scopes.</returns>
    public static IReadOnlyList<OpenScope> GetOpenScopes(ScopeCheckpoint? ignore = null) =>
        s_runtime.DescribeOpen(ignore);

    // Runs as an exception filter, so the scope is marked before finally blocks run and the throw is untouched.
    private static bool FailAndContinueUnwinding(ScopeHandle scope, Exception exception)
    {
        scope.Fail(exception);
        return false;
    }
}
