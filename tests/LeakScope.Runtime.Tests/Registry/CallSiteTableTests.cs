using LeakScope.Registry;

namespace LeakScope.Tests.Registry;

public sealed class CallSiteTableTests
{
    private const string Kind = "db-connection";
    private const string Member = "Handle";

    [Fact]
    public void IdOf_TheSameLineInDifferentFiles_GivesDistinctSites()
    {
        var table = new CallSiteTable();
        string[] files = Files(500);

        int[] ids = [.. files.Select(file => table.IdOf(Kind, file, 42, Member))];

        Assert.Equal(files.Length, ids.Distinct().Count());
        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(ids[i], table.IdOf(Kind, files[i], 42, Member));
            CallSite site = table.ById(ids[i]);
            Assert.Same(files[i], site.File);
            Assert.Equal(42, site.Line);
        }
    }

    [Fact]
    public void IdOf_TheSameFileAndLine_WithAnotherKindOrMember_GivesAnotherSite()
    {
        var table = new CallSiteTable();
        string file = Files(1)[0];

        int first = table.IdOf(Kind, file, 42, Member);
        int otherKind = table.IdOf("lock", file, 42, Member);
        int otherMember = table.IdOf(Kind, file, 42, "Load");
        int otherLine = table.IdOf(Kind, file, 43, Member);

        Assert.Equal(4, new[] { first, otherKind, otherMember, otherLine }.Distinct().Count());
        Assert.Equal(otherKind, table.IdOf("lock", file, 42, Member));
        Assert.Equal(first, table.IdOf(Kind, file, 42, Member));
    }

    [Fact]
    public void IdOf_TheSameTextInOtherStringInstances_GivesTheSameSite_AndIndexesABoundedNumberOfThem()
    {
        var table = new CallSiteTable();
        string file = Files(1)[0];
        int id = table.IdOf(Kind, file, 42, Member);

        for (int copy = 0; copy < 100; copy++)
        {
            Assert.Equal(id, table.IdOf(Copy(Kind), Copy(file), 42, Copy(Member)));
        }

        table.All(out int count);
        Assert.Equal(1, count);
        Assert.Equal(CallSiteTable.MaxIndexEntriesPerSite, table.IndexEntries);
        Assert.Equal(id, table.IdOf(Kind, file, 42, Member));
    }

    [Fact]
    public void IdOf_AStringTheGcMoves_KeepsFindingItsSite()
    {
        var table = new CallSiteTable();
        string file = Copy("/src/Orders/Moving.cs");
        int id = table.IdOf(Kind, file, 7, Member);

        for (int collection = 0; collection < 5; collection++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            Assert.Equal(id, table.IdOf(Kind, file, 7, Member));
        }

        table.All(out int count);
        Assert.Equal(1, count);
        Assert.True(table.IndexEntries <= CallSiteTable.MaxIndexEntriesPerSite);
    }

    [Fact]
    public void IdOf_AfterTheFirstUse_FindsEverySiteOfMany_WithoutTheSlowPath()
    {
        // Literals, as caller info passes them: the runtime never moves them (a string the GC moves is
        // found by its text until it is indexed again, which this test would count).
        string[] files =
        [
            "/src/Shop.Orders/Handlers/Handler00.cs", "/src/Shop.Orders/Handlers/Handler01.cs", "/src/Shop.Orders/Handlers/Handler02.cs",
            "/src/Shop.Orders/Handlers/Handler03.cs", "/src/Shop.Orders/Handlers/Handler04.cs", "/src/Shop.Orders/Handlers/Handler05.cs",
            "/src/Shop.Orders/Handlers/Handler06.cs", "/src/Shop.Orders/Handlers/Handler07.cs", "/src/Shop.Orders/Handlers/Handler08.cs",
            "/src/Shop.Orders/Handlers/Handler09.cs", "/src/Shop.Billing/Handlers/Handler10.cs", "/src/Shop.Billing/Handlers/Handler11.cs",
            "/src/Shop.Billing/Handlers/Handler12.cs", "/src/Shop.Billing/Handlers/Handler13.cs", "/src/Shop.Billing/Handlers/Handler14.cs",
            "/src/Shop.Billing/Handlers/Handler15.cs", "/src/Shop.Billing/Handlers/Handler16.cs", "/src/Shop.Billing/Handlers/Handler17.cs",
            "/src/Shop.Billing/Handlers/Handler18.cs", "/src/Shop.Billing/Handlers/Handler19.cs",
        ];
        string[] kinds = ["db-connection", "file", "lock", "http-request"];
        var table = new CallSiteTable();
        (string Kind, string File, int Line)[] sites =
            [.. files.SelectMany(file => Enumerable.Range(0, 50).Select(i => (kinds[i % kinds.Length], file, 14 + (9 * i))))];
        int[] ids = [.. sites.Select(site => table.IdOf(site.Kind, site.File, site.Line, Member))];
        long slowAfterFirstUse = table.SlowLookups;

        for (int i = 0; i < sites.Length; i++)
        {
            Assert.Equal(ids[i], table.IdOf(sites[i].Kind, sites[i].File, sites[i].Line, Member));
        }

        Assert.Equal(sites.Length, ids.Distinct().Count());
        Assert.Equal(sites.Length, slowAfterFirstUse);
        Assert.Equal(slowAfterFirstUse, table.SlowLookups);
    }

    [Fact]
    public void IdOf_ManySitesFromManyThreads_GivesEveryThreadTheSameIds()
    {
        const int Threads = 8;
        var table = new CallSiteTable();
        string[] files = Files(250);
        (string File, int Line)[] sites = [.. files.SelectMany(file => Enumerable.Range(0, 20).Select(i => (file, 14 + (9 * i))))];
        var seen = new int[Threads][];
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            // Each thread in its own order; odd threads pass their own instances of the same text.
            int[] order = [.. Enumerable.Range(0, sites.Length)];
            new Random(t).Shuffle(order);
            var ids = new int[sites.Length];
            start.SignalAndWait();
            foreach (int i in order)
            {
                string file = t % 2 == 0 ? sites[i].File : Copy(sites[i].File);
                ids[i] = table.IdOf(Kind, file, sites[i].Line, Member);
            }

            seen[t] = ids;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromMinutes(2))));

        CallSite[] all = table.All(out int count);
        Assert.Equal(sites.Length, count);
        for (int t = 0; t < Threads; t++)
        {
            Assert.Equal(seen[0], seen[t]);
        }

        for (int i = 0; i < sites.Length; i++)
        {
            CallSite site = all[seen[0][i]];
            Assert.Equal(seen[0][i], site.Id);
            Assert.Equal(sites[i].File, site.File);
            Assert.Equal(sites[i].Line, site.Line);
        }
    }

    /// <summary>Distinct file paths, each one instance, as literals are (but made at run time, so the GC may move them).</summary>
    private static string[] Files(int count) =>
        [.. Enumerable.Range(0, count).Select(i => string.Intern($"/src/Shop/Handlers/Handler{i:D3}.cs"))];

    private static string Copy(string text) => new(text.AsSpan());
}
