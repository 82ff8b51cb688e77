using LeakScope.Diagnostics;
using LeakScope.Registry;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

/// <summary>
/// Full mode with closed records holds a thread's last enter as fields (ScopeBatcher.AppendEntered):
/// whatever comes between that enter and its exit (another scope's enter or exit, a failed exit, a
/// flush, a layout switch, a full buffer, a stricter name mode) must see it written first, once, in
/// order, named as the sessions ask when it is written.
/// </summary>
public sealed class HeldEnterTests
{
    private const string Hashed = "#";

    private static readonly Dictionary<string, string?> s_closed = new() { ["BatchFormat"] = "compact", ["PairedRecords"] = "true", ["ClosedRecords"] = "true" };

    [Fact]
    public void ASessionAskingForHashedNames_JoiningWhileRecordsAreBuffered_GetsNoNameInPlain()
    {
        using var runtime = new TestRuntime();
        using var plain = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, s_closed);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            // The outer scope's entered record is written (named in plain, as the only session asks) at its child's
            // enter, and waits in the thread's buffer; the child's enter is held as fields.
            ScopeHandle outer = runtime.Enter("file", "customers-secret.csv");
            ScopeHandle inner = runtime.Enter("file", "inner-secret.csv");
            using (var hashed = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, new Dictionary<string, string?>(s_closed) { ["NameMode"] = "hash" }))
            {
                runtime.Runtime.Events.FlushBatches();
                plain.WaitForRecord(ScopeRecordKind.Entered, inner.Id);
                inner.Dispose();
                outer.Dispose();

                // The worker's flush (every 20 ms) may have written the records before the second session joined: then try again.
                if (hashed.CompactRecordsAsWritten.Any(r => r.Kind == ScopeRecordKind.Entered && r.ScopeId == outer.Id))
                {
                    // Both sessions get a batch written after the second joined: no name in it may be plain.
                    Assert.Equal(NameFormatter.Format("customers-secret.csv", NameMode.Hash, 256), hashed.WaitForRecord(ScopeRecordKind.Entered, outer.Id).Name);
                    Assert.Equal(NameFormatter.Format("inner-secret.csv", NameMode.Hash, 256), hashed.WaitForRecord(ScopeRecordKind.Entered, inner.Id).Name);
                    return;
                }
            }
        }

        Assert.Fail("The worker flushed every attempt's records before the second session joined.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomAppendsFlushesAndLayoutSwitches_WriteEveryEnterAndExitOnce_InOrder_WithItsFields(int seed)
    {
        var random = new Random(seed);
        bool hashNames = false;
        var plainAfterHash = new List<long>();
        var written = new List<(ScopeRecordKind Kind, long Id, int Site, string Name, int Outcome, string Type)>();
        using var batcher = new ScopeBatcher(
            (count, data, length, compact) =>
            {
                List<ScopeRecord> records = compact ? CompactRecords.ReadUnpaired(data.AsSpan(0, length)) : ScopeRecords.Read(data.AsSpan(0, length));
                Assert.Equal(count, compact ? CompactRecords.Read(data.AsSpan(0, length)).Count : records.Count);
                foreach (ScopeRecord r in records)
                {
                    if (r.Kind == ScopeRecordKind.Paired)
                    {
                        for (int k = 0; k < r.Count; k++)
                        {
                            written.Add((ScopeRecordKind.Entered, r.ScopeId + k, r.SiteId, string.Empty, 0, string.Empty));
                            written.Add((ScopeRecordKind.Exited, r.ScopeId + k, 0, string.Empty, 0, string.Empty));
                        }
                    }
                    else
                    {
                        // A session that asked for hashed names must never be written one in plain.
                        if (hashNames && r.Kind == ScopeRecordKind.Entered && !r.Name.StartsWith(Hashed, StringComparison.Ordinal))
                        {
                            plainAfterHash.Add(r.ScopeId);
                        }

                        written.Add((r.Kind, r.ScopeId, r.SiteId, r.Name, r.Outcome, r.ExceptionType));
                    }
                }
            },
            name => hashNames ? Hashed + name : name ?? string.Empty)
        { Compact = true, Paired = true, Closed = true };

        var expected = new List<(ScopeRecordKind Kind, long Id, int Site, int Outcome, string Type)>();
        var open = new List<(long Id, int Site)>();
        long nextId = 1;
        for (int step = 0; step < 20_000; step++)
        {
            int op = random.Next(100);
            if (op < 45 || open.Count == 0)
            {
                // Long names now and then, so the buffer fills in the middle of held enters.
                int site = random.Next(1, 4);
                long id = nextId;
                nextId += random.Next(10) == 0 ? 2 : 1;
                string name = random.Next(20) == 0 ? new string('n', random.Next(200, 2_000)) : "s" + id;
                batcher.AppendEntered(id, site, threadId: 1, parentId: open.Count == 0 ? 0 : open[^1].Id, ScopeClock.Now(), name, ownerId: 0);
                open.Add((id, site));
                expected.Add((ScopeRecordKind.Entered, id, site, 0, string.Empty));
            }
            else if (op < 88)
            {
                // Mostly the innermost scope, sometimes another one (scopes disposed out of order).
                int index = random.Next(4) == 0 ? random.Next(open.Count) : open.Count - 1;
                (long id, int site) = open[index];
                open.RemoveAt(index);
                int outcome = random.Next(6) == 0 ? 1 : 0;
                string type = random.Next(8) == 0 ? "System.IO.IOException" : string.Empty;
                batcher.AppendExited(id, outcome, ScopeClock.Now(), type);
                expected.Add((ScopeRecordKind.Exited, id, site, outcome, type));
            }
            else if (op < 92)
            {
                batcher.FlushAll();
            }
            else if (op < 95)
            {
                // A session that reads another layout joins or leaves.
                int layout = random.Next(4);
                batcher.Compact = layout >= 1;
                batcher.Paired = layout >= 2;
                batcher.Closed = layout >= 3;
            }
            else if (op < 97)
            {
                // A session asking for hashed names joins (names buffered before are formatted again), or
                // every session leaves and one asking for plain names comes.
                hashNames = !hashNames;
                if (hashNames)
                {
                    batcher.NameSettingsTightened();
                }
            }
            else
            {
                batcher.Compact = batcher.Paired = batcher.Closed = true;
            }
        }

        batcher.FlushAll();

        Assert.Equal(expected.Count, written.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            (ScopeRecordKind kind, long id, int site, int outcome, string type) = expected[i];
            var actual = written[i];
            Assert.True(kind == actual.Kind && id == actual.Id, $"record {i}: expected {kind} {id}, written {actual.Kind} {actual.Id}");
            if (kind == ScopeRecordKind.Entered)
            {
                Assert.Equal(site, actual.Site);
                if (actual.Name.Length > 0)
                {
                    Assert.EndsWith(actual.Name.TrimStart('#').Length > 100 ? "nnn" : "s" + id, actual.Name);
                }
            }
            else
            {
                Assert.Equal((outcome, type), (actual.Outcome, actual.Type));
            }
        }

        Assert.True(plainAfterHash.Count == 0, $"names of scopes {string.Join(", ", plainAfterHash.Take(5))} written in plain to a session asking for hashed names");
    }
}
