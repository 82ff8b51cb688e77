using System.Data;
using System.Data.Common;

namespace LeakScope.Registry;

/// <summary>
/// Defers the scope of a connection that was closed when it was watched (created and not yet opened,
/// or already closed or disposed): a closed connection holds nothing, and its closing event would
/// never come, so a scope entered then would be listed open for ever, a false leak. The scope is
/// entered at the watching line when the connection first opens, and the handler leaves at that
/// point or when the connection is disposed unopened.
/// </summary>
internal sealed class WatchOpenHandler(ScopeRegistry registry, string kind, string? name, string file, int line, string member)
{
    private int _done;

    public void OnStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Open && Leave(sender))
        {
            // Now open: watched as a connection open at Watch time is, its close seen by its events.
            registry.Watch(sender, kind, name, file, line, member);
        }
    }

    public void OnDisposed(object? sender, EventArgs e) => Leave(sender);

    private bool Leave(object? resource)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0 || resource is not DbConnection connection)
        {
            return false;
        }

        try
        {
            connection.StateChange -= OnStateChange;
            connection.Disposed -= OnDisposed;
        }
        catch (Exception ex)
        {
            SelfLog.Write("watch unsubscribe", ex);
        }

        return true;
    }
}
