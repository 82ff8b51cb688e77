using System.Data;
using System.Data.Common;

namespace LeakScope.Testing.FakeData;

/// <summary>A transaction whose Connection becomes null once committed, rolled back, disposed or ended by its connection closing.</summary>
internal sealed class FakeTransaction(FakeConnection connection) : DbTransaction
{
    private FakeConnection? _connection = connection;

    public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;

    protected override DbConnection? DbConnection => _connection;

    public override void Commit() => End();

    public override void Rollback() => End();

    public void End() => _connection = null;

    protected override void Dispose(bool disposing)
    {
        End();
        base.Dispose(disposing);
    }
}
