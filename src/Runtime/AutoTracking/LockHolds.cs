using LeakScope.Registry;

namespace LeakScope.AutoTracking;

/// <summary>
/// The lock scopes open on one semaphore (auto-tracked <c>SemaphoreSlim.Wait</c>/<c>WaitAsync</c>),
/// exited by its tracked <c>Release</c> calls. A release ends the latest hold taken in the same method
/// (file and member, which generated code passes as interned literals), else the latest hold: the
/// count of holds left open is what the lock leaked, wherever it was released.
/// </summary>
/// <remarks>
/// Guarded by a one-word spin lock rather than <c>lock</c>: a hold and its release each take it once,
/// uncontended in the lock pattern (the semaphore itself lets one holder in), and a monitor's enter
/// and exit cost two interlocked operations where this costs one.
/// </remarks>
internal sealed class LockHolds(SemaphoreSlim semaphore, ScopeRegistry registry)
{
    // A semaphore released only where the generator does not see it could grow this without end:
    // past the cap, new holds are not tracked.
    private const int Capacity = 1024;

    // Weak: a thread's cache of its last holds (AutoTrack) must not keep the semaphore alive.
    private readonly WeakReference<SemaphoreSlim> _semaphore = new(semaphore);
    private Hold[] _holds = new Hold[1];
    private int _count;
    private int _busy;

    /// <summary>Whether these are the holds of <paramref name="candidate"/>.</summary>
    public bool Belong(SemaphoreSlim candidate) => _semaphore.TryGetTarget(out SemaphoreSlim? target) && ReferenceEquals(target, candidate);

    public void Push(ScopeHandle handle, string file, string member)
    {
        Enter();
        try
        {
            if (_count == _holds.Length)
            {
                if (_count == Capacity)
                {
                    handle.Exit(ScopeOutcome.Unspecified);
                    return;
                }

                Array.Resize(ref _holds, _count * 2);
            }

            _holds[_count++] = new Hold(handle.Index, handle.Id, file, member);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Pop(int releaseCount, string file, string member)
    {
        for (int released = 0; released < releaseCount; released++)
        {
            Hold hold;
            Enter();
            try
            {
                if (_count == 0)
                {
                    return;
                }

                int at = FindLatest(file, member);
                hold = _holds[at];
                _count--;
                if (at < _count)
                {
                    Array.Copy(_holds, at + 1, _holds, at, _count - at);
                }

                // The entry past the end is not cleared: it holds no object but the file and member
                // literals, which live as long as the code does.
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }

            registry.Exit(hold.Index, hold.Id, ScopeOutcome.Completed);
        }
    }

    private void Enter()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            var spin = default(SpinWait);
            do
            {
                spin.SpinOnce();
            }
            while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0);
        }
    }

    private int FindLatest(string file, string member)
    {
        for (int at = _count - 1; at >= 0; at--)
        {
            if (ReferenceEquals(_holds[at].File, file) && ReferenceEquals(_holds[at].Member, member))
            {
                return at;
            }
        }

        return _count - 1;
    }

    // The slot and id rather than a ScopeHandle: the registry is this one, and a reference less to write.
    private readonly record struct Hold(int Index, long Id, string File, string Member);
}
