using System.Runtime.InteropServices;
using LeakScope.Registry;

namespace LeakScope.Tests.Registry;

/// <summary>
/// A lookup needs all four exact instances (kind, file, line, member), whatever shares an entry's file
/// and line or its probe chain, and whatever other instances of the same text a site was indexed under.
/// The index hashes the file string's address, so file strings made at run time are pinned here:
/// literals, as the compiler passes caller info, never move (a moved string is found by its text, in
/// <see cref="CallSiteTable"/>).
/// </summary>
public sealed class CallSiteIndexTests : IDisposable
{
    private const string File = "/src/Shop.Orders/Handlers/IndexTests.cs";

    private readonly List<GCHandle> _pins = [];

    public void Dispose() => _pins.ForEach(pin => pin.Free());

    [Fact]
    public void Find_SitesSharingFileAndLine_AreToldApartByKindAndMember_InOneProbeChain()
    {
        // Every one of these hashes to the same entry (the hash is of the file and line only), so each lookup
        // walks a chain of entries whose file and line all match and must stop at its own kind and member.
        string[] kinds = [.. Enumerable.Range(0, 40).Select(i => string.Intern($"kind-{i}"))];
        string[] members = [.. Enumerable.Range(0, 5).Select(i => string.Intern($"Member{i}"))];
        var index = new CallSiteIndex();
        var expected = new Dictionary<(string, string), int>();
        foreach (string kind in kinds)
        {
            foreach (string member in members)
            {
                int id = expected.Count;
                index.Add(kind, File, 42, member, id);
                expected[(kind, member)] = id;
            }
        }

        foreach (((string kind, string member), int id) in expected)
        {
            Assert.Equal(id, index.Find(kind, File, 42, member));
        }

        Assert.Equal(-1, index.Find(kinds[0], File, 43, members[0]));
        Assert.Equal(-1, index.Find(string.Intern("kind-never-added"), File, 42, members[0]));
    }

    [Fact]
    public void Find_TheSameTextInAnotherInstance_IsNotFound_UntilThatInstanceIsAdded()
    {
        var index = new CallSiteIndex();
        string kind = Copy("db-connection");
        string member = Copy("Handle");
        index.Add(kind, File, 7, member, 0);

        string otherKind = Copy(kind);
        string otherMember = Copy(member);
        string otherFile = PinnedCopy(File);
        Assert.Equal(-1, index.Find(otherKind, File, 7, member));
        Assert.Equal(-1, index.Find(kind, File, 7, otherMember));
        Assert.Equal(-1, index.Find(kind, otherFile, 7, member));

        index.Add(kind, otherFile, 7, member, 0);
        index.Add(otherKind, File, 7, member, 0);
        index.Add(kind, File, 7, otherMember, 0);

        Assert.Equal(0, index.Find(kind, otherFile, 7, member));
        Assert.Equal(0, index.Find(otherKind, File, 7, member));
        Assert.Equal(0, index.Find(kind, File, 7, otherMember));
        Assert.Equal(-1, index.Find(otherKind, File, 7, otherMember));
        Assert.Equal(0, index.Find(kind, File, 7, member));
    }

    [Fact]
    public void Find_AnotherInstanceIndexedForOneSite_DoesNotAnswerForAnotherSiteAtTheSameFileAndLine()
    {
        var index = new CallSiteIndex();
        string runtimeKind = Copy("lock");
        index.Add("file", File, 9, "Load", 0);
        index.Add("lock", File, 9, "Load", 1);
        index.Add(runtimeKind, File, 9, "Load", 1);

        Assert.Equal(0, index.Find("file", File, 9, "Load"));
        Assert.Equal(1, index.Find("lock", File, 9, "Load"));
        Assert.Equal(1, index.Find(runtimeKind, File, 9, "Load"));
        Assert.Equal(-1, index.Find(runtimeKind, File, 9, "Save"));
        Assert.Equal(-1, index.Find(Copy("file"), File, 9, "Load"));
    }

    [Fact]
    public void Find_TenThousandSitesAndTheirExtraInstances_AcrossGrowth_FindsEachExactly()
    {
        const int Sites = 10_000;
        string[] files = [.. Enumerable.Range(0, 500).Select(i => PinnedCopy($"/src/Shop/Handlers/Index{i:D3}.cs"))];
        string[] kinds = ["db-connection", "file", "lock", "http-request"];
        var index = new CallSiteIndex();
        var extras = new List<(string Kind, string File, int Line, int Id)>();
        for (int id = 0; id < Sites; id++)
        {
            (string kind, string file, int line) = SiteAt(id);
            index.Add(kind, file, line, "Handle", id);
            if (id % 7 == 0)
            {
                // Interleaved with new sites: another instance indexed while the table still grows.
                string runtimeKind = Copy(kind);
                index.Add(runtimeKind, file, line, "Handle", id);
                extras.Add((runtimeKind, file, line, id));
            }
        }

        for (int id = 0; id < Sites; id++)
        {
            (string kind, string file, int line) = SiteAt(id);
            Assert.Equal(id, index.Find(kind, file, line, "Handle"));
            Assert.Equal(-1, index.Find(kind, file, line, "Load"));
        }

        foreach ((string kind, string file, int line, int id) in extras)
        {
            Assert.Equal(id, index.Find(kind, file, line, "Handle"));
        }

        Assert.Equal(Sites + extras.Count, index.Count);
        Assert.True(index.Count * 4 <= index.Capacity, $"{index.Count} entries in {index.Capacity}");

        (string Kind, string File, int Line) SiteAt(int id) => (kinds[id % kinds.Length], files[id % files.Length], 14 + (9 * (id / files.Length)));
    }

    private static string Copy(string text) => new(text.AsSpan());

    private string PinnedCopy(string text)
    {
        string copy = Copy(text);
        _pins.Add(GCHandle.Alloc(copy, GCHandleType.Pinned));
        return copy;
    }
}
