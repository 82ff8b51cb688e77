using System.Buffers.Binary;
using System.Text;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;

namespace LeakScope.Tests.Diagnostics;

/// <summary>The state file mirrors exactly the open scopes, as raw bytes a killed process leaves behind (layout: docs/events.md).</summary>
public sealed class ScopeStateFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-state-");
    private readonly int _fakePid = Random.Shared.Next(1_000_000, 2_000_000);

    [Fact]
    public void OpenScopesAreInTheFile_ExitedOnesAreNot()
    {
        using var runtime = new TestRuntime();
        ScopeStateFile file = Create();
        runtime.Registry.KeepStateIn(file);

        ScopeHandle kept = runtime.Enter("db-connection", "orders");
        ScopeHandle closed = runtime.Enter("db-connection", "closed");
        ScopeHandle longName = runtime.Enter("file", new string('n', 40));
        closed.Dispose();

        Dictionary<long, (int Site, string Name, int NameLength)> open = ReadOpenSlots();
        Assert.Equal([kept.Id, longName.Id], open.Keys.Order());
        Assert.Equal("orders", open[kept.Id].Name);
        Assert.Equal(40, open[longName.Id].NameLength);
        Assert.Equal(new string('n', ScopeStateLayout.NameChars), open[longName.Id].Name);

        // Both sites are described before any slot names them.
        byte[] sites = File.ReadAllBytes(Path.Combine(_directory.FullName, ScopeStateLayout.SitesFileName(_fakePid)));
        string text = Encoding.UTF8.GetString(sites);
        Assert.Contains("db-connection", text, StringComparison.Ordinal);
        Assert.Contains("ScopeStateFileTests.cs", text, StringComparison.Ordinal);
        Assert.NotEqual(open[kept.Id].Site, open[longName.Id].Site);

        kept.Dispose();
        longName.Dispose();
        Assert.Empty(ReadOpenSlots());
    }

    [Fact]
    public void ASecondDisposeOfAnOldHandle_DoesNotClearTheNewerScopeInItsSlot()
    {
        using var runtime = new TestRuntime();
        runtime.Registry.KeepStateIn(Create());
        ScopeHandle old = runtime.Enter("lock");
        old.Dispose();
        ScopeHandle newer = runtime.Enter("lock");

        old.Dispose();

        Assert.Equal([newer.Id], ReadOpenSlots().Keys);
    }

    [Fact]
    public void AnAbandonedScope_LeavesTheFile()
    {
        using var runtime = new TestRuntime();
        runtime.Registry.KeepStateIn(Create());
        ScopeHandle dropped = runtime.Enter("file");
        Assert.Single(ReadOpenSlots());

        runtime.Registry.Abandon(IndexOf(dropped), dropped.Id);

        Assert.Empty(ReadOpenSlots());
    }

    [Fact]
    public void SitesThatExistedBeforeTheFile_AreDescribedToo()
    {
        using var runtime = new TestRuntime();
        runtime.Enter("before-the-file").Dispose();

        runtime.Registry.KeepStateIn(Create());

        string text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_directory.FullName, ScopeStateLayout.SitesFileName(_fakePid))));
        Assert.Contains("before-the-file", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileAlreadyThere_IsNeitherReusedNorFollowed()
    {
        string planted = Path.Combine(_directory.FullName, ScopeStateLayout.StateFileName(_fakePid));
        File.WriteAllText(planted, "planted");

        Assert.Null(ScopeStateFile.TryCreate(_directory.FullName, _fakePid));
        Assert.Equal("planted", File.ReadAllText(planted));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static int IndexOf(ScopeHandle handle) =>
        (int)typeof(ScopeHandle).GetField("_index", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(handle)!;

    private ScopeStateFile Create() => ScopeStateFile.TryCreate(_directory.FullName, _fakePid) ?? throw new InvalidOperationException("no state file on this platform");

    /// <summary>Reads the file as the tool does after a death: through the file, not the mapping.</summary>
    private Dictionary<long, (int Site, string Name, int NameLength)> ReadOpenSlots()
    {
        byte[] bytes;
        using (var stream = new FileStream(Path.Combine(_directory.FullName, ScopeStateLayout.StateFileName(_fakePid)), FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            byte[] header = new byte[ScopeStateLayout.HeaderSize];
            stream.ReadExactly(header);
            Assert.Equal(ScopeStateLayout.Magic, BinaryPrimitives.ReadInt64LittleEndian(header));
            Assert.Equal(_fakePid, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.PidOffset)));
            Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.IncompleteOffset)));
            int slots = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(ScopeStateLayout.SlotCountOffset));
            bytes = new byte[slots * ScopeStateLayout.SlotSize];
            stream.ReadExactly(bytes);
        }

        var open = new Dictionary<long, (int, string, int)>();
        for (int at = 0; at < bytes.Length; at += ScopeStateLayout.SlotSize)
        {
            ReadOnlySpan<byte> slot = bytes.AsSpan(at, ScopeStateLayout.SlotSize);
            long id = BinaryPrimitives.ReadInt64LittleEndian(slot);
            if (id != 0)
            {
                int nameLength = BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotNameLengthOffset..]);
                int kept = Math.Clamp(nameLength, 0, ScopeStateLayout.NameChars);
                open[id] = (
                    BinaryPrimitives.ReadInt32LittleEndian(slot[ScopeStateLayout.SlotSiteOffset..]),
                    Encoding.Unicode.GetString(slot.Slice(ScopeStateLayout.SlotNameOffset, kept * 2)),
                    nameLength);
            }
        }

        return open;
    }
}
