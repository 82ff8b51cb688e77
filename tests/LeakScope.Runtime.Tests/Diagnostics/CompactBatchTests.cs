using LeakScope.Diagnostics;
using LeakScope.Registry;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

/// <summary>Full-mode sessions that all ask for <c>BatchFormat=compact</c> get <c>CompactScopeBatch</c> events (docs/events.md).</summary>
public sealed class CompactBatchTests
{
    private static readonly Dictionary<string, string?> s_compact = new() { ["BatchFormat"] = "compact" };
    private static readonly Dictionary<string, string?> s_paired = new() { ["BatchFormat"] = "compact", ["PairedRecords"] = "true" };
    private static readonly Dictionary<string, string?> s_closed = new() { ["BatchFormat"] = "compact", ["PairedRecords"] = "true", ["ClosedRecords"] = "true" };

    [Fact]
    public void CompactSession_GetsEveryEnterAndExit_WithNamesTimesAndOutcomes()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_compact);
        DateTime before = DateTime.UtcNow.AddMilliseconds(-20);

        ScopeHandle named = runtime.Enter("db-connection", "orders-é\u2603");
        ScopeHandle failed = runtime.Enter("file", null);
        failed.Fail(new InvalidOperationException("x"));
        failed.Dispose();
        named.Dispose();
        runtime.Runtime.Events.FlushBatches();

        ScopeRecord entered = recorder.WaitForRecord(ScopeRecordKind.Entered, named.Id);
        ScopeRecord exited = recorder.WaitForRecord(ScopeRecordKind.Exited, failed.Id);
        recorder.WaitForRecord(ScopeRecordKind.Exited, named.Id);
        Assert.Empty(recorder.Named("ScopeBatch"));
        Assert.NotEmpty(recorder.Named("CompactScopeBatch"));
        Assert.Equal("orders-é\u2603", entered.Name);
        Assert.Equal("db-connection", recorder.SiteOf(entered.SiteId).Get<string>("kind"));
        Assert.InRange(entered.EnteredAt, before, DateTime.UtcNow.AddMilliseconds(20));
        Assert.Equal((int)ScopeOutcome.Faulted, exited.Outcome);
        Assert.Equal(typeof(InvalidOperationException).FullName, exited.ExceptionType);
        Assert.True(exited.DurationMs >= 0);
    }

    [Fact]
    public void PairedSession_GetsOneRecordForAScopeEnteredAndExitedInOneBatch_AndTheSameFieldsAsTwoRecords()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_paired);
        DateTime before = DateTime.UtcNow.AddMilliseconds(-20);

        ScopeHandle paired = runtime.Enter("db-command", "select-é");
        paired.Dispose();
        ScopeHandle outer = runtime.Enter("transaction", "checkout");
        ScopeHandle inner = runtime.Enter("db-command", "update");
        inner.Dispose();
        outer.Dispose();
        ScopeHandle failed = runtime.Enter("file", null);
        failed.Fail(new InvalidOperationException("x"));
        failed.Dispose();
        runtime.Runtime.Events.FlushBatches();
        recorder.WaitForRecord(ScopeRecordKind.Exited, failed.Id);

        // Pairs only where the exit followed its own enter: not the outer scope (its child came between),
        // not the failed one (its outcome and exception type need an exit record).
        IReadOnlyList<ScopeRecord> written = recorder.CompactRecordsAsWritten;
        Assert.Equal(
            [(ScopeRecordKind.Paired, paired.Id), (ScopeRecordKind.Entered, outer.Id), (ScopeRecordKind.Paired, inner.Id), (ScopeRecordKind.Exited, outer.Id), (ScopeRecordKind.Entered, failed.Id), (ScopeRecordKind.Exited, failed.Id)],
            written.Select(r => (r.Kind, r.ScopeId)));

        // Read back as enters and exits, a pair carries what its two records would.
        ScopeRecord entered = recorder.WaitForRecord(ScopeRecordKind.Entered, paired.Id);
        ScopeRecord exited = recorder.WaitForRecord(ScopeRecordKind.Exited, paired.Id);
        Assert.Equal("select-é", entered.Name);
        Assert.Equal("db-command", recorder.SiteOf(entered.SiteId).Get<string>("kind"));
        Assert.InRange(entered.EnteredAt, before, DateTime.UtcNow.AddMilliseconds(20));
        Assert.Equal(Environment.CurrentManagedThreadId, entered.ThreadId);
        Assert.Equal(0, exited.Outcome);
        Assert.True(exited.DurationMs >= 0);
        Assert.Equal(typeof(InvalidOperationException).FullName, recorder.WaitForRecord(ScopeRecordKind.Exited, failed.Id).ExceptionType);
    }

    [Fact]
    public void ClosedSession_GetsOnlyTheIdAndSiteOfAPair_AndTheRecordsAfterItReadWhole()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_closed);
        DateTime before = DateTime.UtcNow.AddMilliseconds(-20);

        ScopeHandle closed = runtime.Enter("db-command", "select-é");
        closed.Dispose();
        ScopeHandle outer = runtime.Enter("transaction", "checkout");
        ScopeHandle inner = runtime.Enter("db-command", "update");
        inner.Dispose();
        outer.Dispose();
        runtime.Runtime.Events.FlushBatches();
        recorder.WaitForRecord(ScopeRecordKind.Exited, outer.Id);

        byte[] batch = (byte[])recorder.Named("CompactScopeBatch").First().Payload![1]!;
        Assert.Equal(CompactRecords.ClosedType, batch[0]);
        IReadOnlyList<ScopeRecord> written = recorder.CompactRecordsAsWritten;
        Assert.Equal(
            [(ScopeRecordKind.Paired, closed.Id), (ScopeRecordKind.Entered, outer.Id), (ScopeRecordKind.Paired, inner.Id), (ScopeRecordKind.Exited, outer.Id)],
            written.Select(r => (r.Kind, r.ScopeId)));
        Assert.Equal("db-command", recorder.SiteOf(written[0].SiteId).Get<string>("kind"));
        Assert.Equal("db-command", recorder.SiteOf(written[2].SiteId).Get<string>("kind"));
        Assert.Equal(string.Empty, written[0].Name);

        // Written over its entered record, from the cursor that record started at: the next record reads whole.
        Assert.Equal("checkout", written[1].Name);
        Assert.Equal("transaction", recorder.SiteOf(written[1].SiteId).Get<string>("kind"));
        Assert.InRange(written[1].EnteredAt, before, DateTime.UtcNow.AddMilliseconds(20));
        Assert.All(written, record => Assert.Equal(1, record.Count));
    }

    [Fact]
    public void ClosedSession_GetsOneClosedRecordForALoopsScopes_AndSeparateOnesForAnotherSiteBetween()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_closed);

        var ids = new List<long>();
        for (int i = 0; i < 6; i++)
        {
            ScopeHandle scope = runtime.Enter("loop", "item");
            ids.Add(scope.Id);
            scope.Dispose();
            if (i == 3)
            {
                ScopeHandle other = runtime.Enter("other", "between");
                other.Dispose();
            }
        }

        ScopeHandle last = runtime.Enter("after", "last");
        runtime.Runtime.Events.FlushBatches();
        recorder.WaitForRecord(ScopeRecordKind.Entered, last.Id);
        last.Dispose();

        // Ids 0-3 in one record, the other site's scope in its own, ids 4-5 in a third (unless a flush split one).
        ScopeRecord[] loop = [.. recorder.CompactRecordsAsWritten.Where(r => r.Kind == ScopeRecordKind.Paired && recorder.SiteOf(r.SiteId).Get<string>("kind") == "loop")];
        Assert.Equal(ids, loop.SelectMany(r => Enumerable.Range(0, r.Count).Select(k => r.ScopeId + k)));
        Assert.InRange(loop.Length, 2, 5);
        Assert.Contains(loop, r => r.Count >= 2);
        Assert.Equal("last", recorder.WaitForRecord(ScopeRecordKind.Entered, last.Id).Name);
    }

    [Fact]
    public void ClosedSession_AScopeOpenAtAFlush_IsWrittenWhole_NamedAsTheSessionsAsk_AndItsExitAfterIsARecordOfItsOwn()
    {
        using var runtime = new TestRuntime();
        var hashed = new Dictionary<string, string?>(s_closed) { ["NameMode"] = "hash" };
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, hashed);

        // Held as fields at its enter; the flush must write it, whole, before the batch goes.
        ScopeHandle open = runtime.Enter("file", "secret.csv");
        runtime.Runtime.Events.FlushBatches();
        ScopeRecord entered = recorder.WaitForRecord(ScopeRecordKind.Entered, open.Id);
        open.Dispose();
        runtime.Runtime.Events.FlushBatches();
        recorder.WaitForRecord(ScopeRecordKind.Exited, open.Id);

        Assert.Equal(NameFormatter.Format("secret.csv", NameMode.Hash, 256), entered.Name);
        Assert.Equal("file", recorder.SiteOf(entered.SiteId).Get<string>("kind"));
        Assert.Equal(
            [(ScopeRecordKind.Entered, open.Id), (ScopeRecordKind.Exited, open.Id)],
            recorder.CompactRecordsAsWritten.Select(r => (r.Kind, r.ScopeId)));
    }

    [Fact]
    public void ASessionWithoutClosedRecords_GetsPairedOnes()
    {
        using var runtime = new TestRuntime();
        using var closed = EventRecorder.Start(runtime.Runtime.Events, K.Full, s_closed);
        using var paired = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_paired);

        ScopeHandle scope = runtime.Enter("lock", "gate");
        scope.Dispose();
        runtime.Runtime.Events.FlushBatches();

        Assert.Equal("gate", paired.WaitForRecord(ScopeRecordKind.Entered, scope.Id).Name);
        Assert.Equal(CompactRecords.PairedType, ((byte[])paired.Named("CompactScopeBatch").First().Payload![1]!)[0]);
    }

    [Fact]
    public void ASessionWithoutPairs_MakesEveryBatchUnpaired()
    {
        using var runtime = new TestRuntime();
        using var paired = EventRecorder.Start(runtime.Runtime.Events, K.Full, s_paired);
        using var compact = EventRecorder.Start(runtime.Runtime.Events, K.Full, s_compact);

        ScopeHandle scope = runtime.Enter("lock");
        scope.Dispose();
        runtime.Runtime.Events.FlushBatches();

        compact.WaitForRecord(ScopeRecordKind.Exited, scope.Id);
        paired.WaitForRecord(ScopeRecordKind.Exited, scope.Id);
        Assert.DoesNotContain(compact.CompactRecordsAsWritten, r => r.Kind == ScopeRecordKind.Paired);
    }

    [Fact]
    public void ASessionWithoutCompact_MakesEveryBatchClassic()
    {
        using var runtime = new TestRuntime();
        using var compact = EventRecorder.Start(runtime.Runtime.Events, K.Full, s_compact);
        using var classic = EventRecorder.Start(runtime.Runtime.Events, K.Full);

        ScopeHandle scope = runtime.Enter("lock");
        scope.Dispose();
        runtime.Runtime.Events.FlushBatches();

        classic.WaitForRecord(ScopeRecordKind.Exited, scope.Id);
        compact.WaitForRecord(ScopeRecordKind.Exited, scope.Id);
        Assert.Empty(classic.Named("CompactScopeBatch"));
    }
}
