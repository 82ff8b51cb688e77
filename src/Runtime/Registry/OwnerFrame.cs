namespace LeakScope.Registry;

/// <summary>
/// One <see cref="Scope.Own"/> call on an async flow: the owner it made current and the frame that was
/// current before. Disposing marks it rather than only restoring the flow's value, because a frame may
/// be disposed out of order (an outer one before an inner one) or from another flow, where setting the
/// AsyncLocal cannot reach the flow that set it: the owner current on a flow is that of its first
/// frame, outwards, not yet disposed.
/// </summary>
internal sealed class OwnerFrame(ScopeOwner owner, OwnerFrame? outer)
{
    private volatile bool _disposed;

    public ScopeOwner Owner { get; } = owner;

    public OwnerFrame? Outer { get; } = outer;

    public bool IsDisposed => _disposed;

    public void MarkDisposed() => _disposed = true;

    /// <summary>This frame, or the first outer one not disposed; null when none is left.</summary>
    public static OwnerFrame? Live(OwnerFrame? frame)
    {
        while (frame is { IsDisposed: true })
        {
            frame = frame.Outer;
        }

        return frame;
    }
}
