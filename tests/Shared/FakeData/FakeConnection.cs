using System.Data;
using System.Data.Common;

namespace LeakScope.Testing.FakeData;

/// <summary>
/// An in-memory ADO.NET connection that behaves as real providers do where watching cares: Open and
/// Close raise StateChange, closing it closes its readers and ends its transaction, disposing it
/// closes it and raises Disposed.
/// </summary>
internal sealed class FakeConnection : DbConnection
{
    private readonly List<FakeReader> _readers = [];
    private FakeTransaction? _transaction;
    private ConnectionState _state = ConnectionState.Closed;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString { get; set; } = "Data Source=:memory:";

    public override string Database => "main";

    public override string DataSource => ":memory:";

    public override string ServerVersion => "1.0";

    public override ConnectionState State => _state;

    // A copy of what the event holds: a removal that matches no handler removes nothing here either.
    private StateChangeEventHandler? _subscribed;

    /// <summary>How many StateChange handlers are subscribed now, so tests can see handlers piling up.</summary>
    public int StateChangeSubscribers => _subscribed?.GetInvocationList().Length ?? 0;

    public override event StateChangeEventHandler? StateChange
    {
        add
        {
            base.StateChange += value;
            _subscribed += value;
        }

        remove
        {
            base.StateChange -= value;
            _subscribed -= value;
        }
    }

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Open()
    {
        if (_state == ConnectionState.Open)
        {
            return;
        }

        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    public override void Close()
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        foreach (FakeReader reader in _readers)
        {
            reader.Close();
        }

        _readers.Clear();
        _transaction?.End();
        _transaction = null;
        _state = ConnectionState.Closed;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    /// <summary>What a command's ExecuteReader returns: a reader the connection closes with itself.</summary>
    public FakeReader ExecuteReader()
    {
        var reader = new FakeReader();
        _readers.Add(reader);
        return reader;
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => _transaction = new FakeTransaction(this);

    protected override DbCommand CreateDbCommand() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}
