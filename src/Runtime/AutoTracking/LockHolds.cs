using LeakScope.Registry;

namespace LeakScope.AutoTracking;

/// <summary>
/// The lock scopes open on one semaphore (auto-tracked <c>SemaphoreSlim.Wait</c>/<c>WaitAsync</c>),
/// exited by its tracked <c>Release</c> calls. A release ends the latest hold taken in the same method
/// (file and member, which generated code passes as interned literals), else the latest hold: the
/// count of holds left open is what the lock leaked, wherever it was released.
/// </summary>
internal sealed class LockHolds
{
    // A semaphore released only where the generator does not see it could grow this without end:
    // past the cap, new holds are not tracked.
    private const int Capacity = 1024;

    private ScopeHandle[] _handles = new ScopeHandle[1];
    private string[] _files = new string[1];
    private string[] _members = new string[1];
    private int _count;

    public void Push(ScopeHandle handle, string file, string member)
    {
        lock (this)
        {
            if (_count == _handles.Length)
            {
                if (_count == Capacity)
                {
                    handle.Exit(ScopeOutcome.Unspecified);
                    return;
                }

                Array.Resize(ref _handles, _count * 2);
                Array.Resize(ref _files, _count * 2);
                Array.Resize(ref _members, _count * 2);
            }

            _handles[_count] = handle;
            _files[_count] = file;
            _members[_count] = member;
            _count++;
        }
    }

    public void Pop(int releaseCount, string file, string member)
    {
        for (int released = 0; released < releaseCount; released++)
        {
            ScopeHandle handle;
            lock (this)
            {
                if (_count == 0)
                {
                    return;
                }

                int at = FindLatest(file, member);
                handle = _handles[at];
                _count--;
                Array.Copy(_handles, at + 1, _handles, at, _count - at);
                Array.Copy(_files, at + 1, _files, at, _count - at);
                Array.Copy(_members, at + 1, _members, at, _count - at);
                _handles[_count] = default;
                _files[_count] = null!;
                _members[_count] = null!;
            }

            handle.Exit(ScopeOutcome.Completed);
        }
    }

    private int FindLatest(string file, string member)
    {
        for (int at = _count - 1; at >= 0; at--)
        {
            if (ReferenceEquals(_files[at], file) && ReferenceEquals(_members[at], member))
            {
                return at;
            }
        }

        return _count - 1;
    }
}
