using System.Data;

namespace LeakScope.Registry;

/// <summary>
/// Exits a watched scope when its resource raises the event that says it is closed. The resource
/// holds this handler, the handler never holds the resource, so watching keeps nothing alive.
/// </summary>
internal sealed class WatchCloseHandler(ScopeRegistry registry, int index, long id)
{
    private int _done;

    public void OnDisposed(object? sender, EventArgs e) => Close(ScopeOutcome.Disposed);

    public void OnStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Closed && e.OriginalState != ConnectionState.Closed)
        {
            Close(ScopeOutcome.Closed);
        }
    }

    private void Close(ScopeOutcome outcome)
    {
        // Once: a connection opened again after its scope ended must not count as a second exit.
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            registry.Exit(index, id, outcome);
        }
    }
}
