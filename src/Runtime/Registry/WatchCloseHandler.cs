using System.ComponentModel;
using System.Data;
using System.Data.Common;

namespace LeakScope.Registry;

/// <summary>
/// Exits a watched scope when its resource raises the event that says it is closed. The resource
/// holds this handler, the handler never holds the resource, so watching keeps nothing alive.
/// </summary>
internal sealed class WatchCloseHandler(ScopeRegistry registry, int index, long id)
{
    // The delegates subscribed, kept to unsubscribe with: making them again at the close cost two more
    // allocations per watched connection (a connection is watched again at each auto-tracked Open).
    private StateChangeEventHandler? _onStateChange;
    private EventHandler? _onDisposed;
    private int _done;

    /// <summary>Subscribes to the events of <paramref name="resource"/> that say it is closed.</summary>
    public void SubscribeTo(object resource)
    {
        if (resource is DbConnection connection)
        {
            _onStateChange = OnStateChange;
            connection.StateChange += _onStateChange;
        }

        if (resource is Component component)
        {
            _onDisposed = OnDisposed;
            component.Disposed += _onDisposed;
        }
    }

    public void OnDisposed(object? sender, EventArgs e) => Close(sender, ScopeOutcome.Disposed);

    public void OnStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Closed && e.OriginalState != ConnectionState.Closed)
        {
            Close(sender, ScopeOutcome.Closed);
        }
    }

    private void Close(object? resource, ScopeOutcome outcome)
    {
        // Once: a connection opened again after its scope ended must not count as a second exit.
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            registry.Exit(index, id, outcome);
            Unsubscribe(resource);
        }
    }

    /// <summary>
    /// Leaves the resource once the scope has ended: a connection watched again at each Open (as
    /// auto-tracking does) would otherwise keep one handler per ended scope for as long as it lives.
    /// </summary>
    private void Unsubscribe(object? resource)
    {
        try
        {
            if (resource is DbConnection connection)
            {
                connection.StateChange -= _onStateChange;
            }

            if (resource is Component component)
            {
                component.Disposed -= _onDisposed;
            }
        }
        catch (Exception ex)
        {
            SelfLog.Write("watch unsubscribe", ex);
        }
    }
}
