using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// A resource whose lifetime is a scope, from <see cref="Scope.Track"/>. Disposing this object
/// disposes the resource and exits the scope. If it is garbage-collected without being disposed,
/// the scope is reported as abandoned, like Android's CloseGuard.
/// </summary>
/// <typeparam name="T">The resource type.</typeparam>
public sealed class TrackedScope<T> : IDisposable, IAsyncDisposable
    where T : class
{
    // No finalizer: the registry holds a weak handle to this object and its worker abandons the
    // scope once the handle's target is collected (ScopeRegistry.Watching.cs). The scope is kept in
    // one long (TrackedScopeState), not a ScopeHandle, so that this object is 32 bytes, not 48.
    private long _scope = ~0L;

    internal TrackedScope(T resource) => Resource = resource;

    /// <summary>The tracked resource.</summary>
    public T Resource { get; }

    /// <summary>The scope's id, unique in this process.</summary>
    public long Id => TrackedScopeState.IdOf(this, ref _scope);

    /// <summary>Marks the scope as completed successfully; see <see cref="ScopeHandle.Complete"/>.</summary>
    public void Complete() => TrackedScopeState.MarkOutcome(this, ref _scope, exception: null);

    /// <summary>Marks the scope as ended by <paramref name="exception"/>; see <see cref="ScopeHandle.Fail"/>.</summary>
    /// <param name="exception">The exception that ends the scope.</param>
    public void Fail(Exception exception) => TrackedScopeState.MarkOutcome(this, ref _scope, exception);

    /// <summary>Disposes the resource, if it is disposable, and exits the scope.</summary>
    public void Dispose()
    {
        try
        {
            (Resource as IDisposable)?.Dispose();
        }
        catch (Exception ex)
        {
            TrackedScopeState.MarkOutcome(this, ref _scope, ex);
            throw;
        }
        finally
        {
            TrackedScopeState.Exit(this, ref _scope);
        }
    }

    /// <summary>Disposes the resource asynchronously when it supports that, and exits the scope.</summary>
    /// <returns>A task that completes when the resource is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Resource is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                (Resource as IDisposable)?.Dispose();
            }
        }
        catch (Exception ex)
        {
            TrackedScopeState.MarkOutcome(this, ref _scope, ex);
            throw;
        }
        finally
        {
            TrackedScopeState.Exit(this, ref _scope);
        }
    }

    internal void Attach(ScopeHandle scope) => _scope = TrackedScopeState.Open(scope);
}
