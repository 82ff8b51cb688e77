using System.Data.Common;
using LeakScope.Diagnostics;
using LeakScope.Registry;
using LeakScope.Testing.FakeData;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Registry;

/// <summary>
/// A watched transaction whose Commit or Rollback is intercepted (auto-tracking) exits at once with
/// outcome committed (6) or rolled back (7); one ended otherwise (disposed, its connection closed) is
/// seen by the probe, outcome closed (3).
/// </summary>
public sealed class TransactionOutcomeTests
{
    [Fact]
    public void CommittedAndRolledBack_AreTheExitOutcomes_ClosedOtherwise()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);
        using var connection = new FakeConnection();
        connection.Open();

        (DbTransaction committed, long committedId) = Begin(runtime, connection, "tx-commit");
        committed.Commit();
        runtime.Registry.EndTransaction(committed, ScopeOutcome.Committed);
        (DbTransaction rolledBack, long rolledBackId) = Begin(runtime, connection, "tx-rollback");
        rolledBack.Rollback();
        runtime.Registry.EndTransaction(rolledBack, ScopeOutcome.RolledBack);
        (DbTransaction disposed, long disposedId) = Begin(runtime, connection, "tx-dispose");
        disposed.Dispose();
        runtime.Registry.SweepWatched(minAgeMs: 0, probe: true);

        Assert.Equal(6, recorder.WaitForRecord(ScopeRecordKind.Exited, committedId).Outcome);
        Assert.Equal(7, recorder.WaitForRecord(ScopeRecordKind.Exited, rolledBackId).Outcome);
        Assert.Equal(3, recorder.WaitForRecord(ScopeRecordKind.Exited, disposedId).Outcome);
        Assert.Equal(0, runtime.OpenCount);
        Assert.Equal(0, runtime.Registry.RedundantDisposals);
    }

    [Fact]
    public void TheInterceptorsCall_EndsTheWatchedScopeAtOnce_WithoutASweep()
    {
        using var connection = new FakeConnection();
        connection.Open();
        DbTransaction transaction = AutoTrack.Watch(connection.BeginTransaction(), "tx-intercepted", null, "f.cs", 1, "M");
        Assert.Single(UnsweptOpenOf("tx-intercepted"));

        transaction.Commit();
        AutoTrack.TransactionEnded(transaction, committed: true);

        Assert.Empty(UnsweptOpenOf("tx-intercepted"));
    }

    [Fact]
    public void AnUnwatchedTransaction_IsLeftAlone()
    {
        using var runtime = new TestRuntime();
        using var connection = new FakeConnection();
        connection.Open();
        DbTransaction transaction = connection.BeginTransaction();

        runtime.Registry.EndTransaction(transaction, ScopeOutcome.Committed);

        Assert.Equal(0, runtime.Registry.RedundantDisposals);
    }

    private static (DbTransaction Transaction, long Id) Begin(TestRuntime runtime, FakeConnection connection, string kind)
    {
        DbTransaction transaction = connection.BeginTransaction();
        runtime.Registry.Watch(transaction, kind, null, "f.cs", 1, "M");
        return (transaction, runtime.Registry.ReadOpen().Single(s => s.Site.Kind == kind).Id);
    }

    private static List<ScopeDescription> UnsweptOpenOf(string kind) =>
        [.. ScopeRuntime.Default.Registry.ReadOpen().Where(s => s.Site.Kind == kind)];
}
