using LeakScope.Registry;

namespace LeakScope;

/// <summary>
/// An open scope returned by <see cref="Scope.Enter"/>. Disposing it exits the scope; disposing it
/// again, or disposing a copy, does nothing beyond counting the redundant disposal.
/// </summary>
/// <remarks>
/// The exit records an outcome, like Python's <c>__exit__</c> receiving the exception: call
/// <see cref="Complete"/> when the work succeeded and <see cref="Fail"/> when it did not, or let
/// <see cref="Scope.Run(string, string?, Action, string, int, string)"/> do both. A scope disposed
/// without either ends with an unspecified outcome.
/// <code>
/// using var scope = Scope.Enter("transaction", orderId);
/// try
/// {
///     Commit();
///     scope.Complete();
/// }
/// catch (Exception ex)
/// {
///     scope.Fail(ex);
///     throw;
/// }
/// </code>
/// </remarks>
public readonly struct ScopeHandle : IDisposable, IAsyncDisposable, IEquatable<ScopeHandle>
{
    private readonly ScopeRegistry? _registry;
    private readonly int _index;

    internal ScopeHandle(ScopeRegistry registry, int index, long id)
    {
        _registry = registry;
        _index = index;
        Id = id;
    }

    /// <summary>The scope's id, unique in this process; 0 for a handle that tracks nothing.</summary>
    public long Id { get; }

    /// <summary>Whether the scope has been entered and not yet exited.</summary>
    public bool IsOpen => _registry is not null && _registry.IsOpen(_index, Id);

    /// <summary>Marks the scope as completed successfully; its exit reports that outcome.</summary>
    public void Complete() => _registry?.MarkOutcome(_index, Id, exception: null);

    /// <summary>Marks the scope as ended by <paramref name="exception"/>; its exit reports the exception type.</summary>
    /// <param name="exception">The exception that ends the scope.</param>
    public void Fail(Exception exception) => _registry?.MarkOutcome(_index, Id, exception);

    /// <summary>Exits the scope.</summary>
    public void Dispose() => _registry?.Exit(_index, Id, ScopeOutcome.Unspecified);

    /// <summary>Exits the scope; there is nothing to await.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <inheritdoc/>
    public bool Equals(ScopeHandle other) => ReferenceEquals(_registry, other._registry) && Id == other.Id;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ScopeHandle other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>Compares two handles.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns>Whether both refer to the same scope.</returns>
    public static bool operator ==(ScopeHandle left, ScopeHandle right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    /// <param name="left">The first handle.</param>
    /// <param name="right">The second handle.</param>
    /// <returns>Whether they refer to different scopes.</returns>
    public static bool operator !=(ScopeHandle left, ScopeHandle right) => !left.Equals(right);

    internal int Index => _index;

    internal void Exit(ScopeOutcome outcomeIfUnmarked) => _registry?.Exit(_index, Id, outcomeIfUnmarked);

    internal void Abandon() => _registry?.Abandon(_index, Id);
}
