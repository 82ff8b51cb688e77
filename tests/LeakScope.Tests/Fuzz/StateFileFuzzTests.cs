using System.Buffers.Binary;
using System.Text;
using LeakScope.Cli.Check;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Damaged state files (docs/events.md, "State files") through <see cref="ScopeStateReader"/>: the
/// files come from the target, so any bytes are either read or refused with a problem, never thrown.
/// </summary>
public sealed class StateFileFuzzTests : IDisposable
{
    private const int Seed = 0x57A7E;
    private const int Cases = 600;
    private const int Pid = 4242;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leakscope-fuzz-state-");

    [Fact]
    public void AWholeFile_ListsItsOpenScopes_WithCutNamesMarked()
    {
        Write(State(), Sites());

        ScopeStateReader.StateFileContents contents = ScopeStateReader.TryRead(_directory.FullName, Pid)!;

        Assert.Null(contents.Problem);
        Assert.Equal(["orders", new string('n', ScopeStateLayout.NameChars) + "…"], contents.Open.Select(s => s.Name));
        Assert.All(contents.Open, scope => Assert.Equal(46, scope.Line));
        Assert.Equal(new DateTime(2026, 11, 21, 8, 0, 1, DateTimeKind.Utc), contents.Open[0].EnteredAt);
    }

    [Fact]
    public void ASlotNamingAnUndescribedSite_IsAProblem_NotAGuess()
    {
        Write(State(), Sites()[..^3]);

        Assert.NotNull(ScopeStateReader.TryRead(_directory.FullName, Pid)!.Problem);
    }

    [Fact]
    public void DamagedFiles_AreReadOrRefused()
    {
        var mutator = new ByteMutator(Seed);
        byte[] state = State();
        byte[] sites = Sites();
        for (int i = 0; i < Cases; i++)
        {
            bool damageState = i % 2 == 0;
            string mutation = string.Empty;
            Write(damageState ? mutator.Mutate(state, out mutation) : state, damageState ? sites : mutator.Mutate(sites, out mutation));
            string what = $"seed {Seed:X} case {i} ({(damageState ? "state" : "sites")}: {mutation})";

            FuzzCase.Run(what, () => ScopeStateReader.TryRead(_directory.FullName, Pid));
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private void Write(byte[] state, byte[] sites)
    {
        File.WriteAllBytes(Path.Combine(_directory.FullName, ScopeStateLayout.StateFileName(Pid)), state);
        File.WriteAllBytes(Path.Combine(_directory.FullName, ScopeStateLayout.SitesFileName(Pid)), sites);
    }

    /// <summary>A header and four slots: two open scopes (one with a long name), two free.</summary>
    private static byte[] State()
    {
        const int Slots = 4;
        byte[] bytes = new byte[ScopeStateLayout.HeaderSize + (Slots * ScopeStateLayout.SlotSize)];
        Span<byte> header = bytes;
        BinaryPrimitives.WriteInt64LittleEndian(header[ScopeStateLayout.MagicOffset..], ScopeStateLayout.Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[ScopeStateLayout.VersionOffset..], ScopeStateLayout.FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[ScopeStateLayout.PidOffset..], Pid);
        BinaryPrimitives.WriteInt64LittleEndian(header[ScopeStateLayout.ClockOriginMsOffset..], 5_000);
        BinaryPrimitives.WriteInt64LittleEndian(header[ScopeStateLayout.ClockOriginUtcTicksOffset..], new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc).Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(header[ScopeStateLayout.SlotCountOffset..], Slots);
        Slot(bytes, 0, 1025, "orders");
        Slot(bytes, 2, 1026, new string('n', 40));
        return bytes;
    }

    private static void Slot(byte[] bytes, int index, long id, string name)
    {
        Span<byte> slot = bytes.AsSpan(ScopeStateLayout.HeaderSize + (index * ScopeStateLayout.SlotSize), ScopeStateLayout.SlotSize);
        BinaryPrimitives.WriteInt64LittleEndian(slot[ScopeStateLayout.SlotIdOffset..], id);
        BinaryPrimitives.WriteInt64LittleEndian(slot[ScopeStateLayout.SlotEnteredAtOffset..], 6_000);
        BinaryPrimitives.WriteInt32LittleEndian(slot[ScopeStateLayout.SlotSiteOffset..], index / 2);
        BinaryPrimitives.WriteInt32LittleEndian(slot[ScopeStateLayout.SlotThreadOffset..], 12);
        BinaryPrimitives.WriteInt32LittleEndian(slot[ScopeStateLayout.SlotNameLengthOffset..], name.Length);
        Encoding.Unicode.GetBytes(name.AsSpan(0, Math.Min(name.Length, ScopeStateLayout.NameChars)), slot[ScopeStateLayout.SlotNameOffset..]);
    }

    /// <summary>Two call sites, ids 0 and 1, as the runtime appends them.</summary>
    private static byte[] Sites()
    {
        using var stream = new MemoryStream();
        foreach (int id in new[] { 0, 1 })
        {
            byte[][] texts = [.. new[] { "db-connection", "/src/Orders/Repository.cs", "HandleOrder" + id }.Select(Encoding.UTF8.GetBytes)];
            int length = (5 * sizeof(int)) + texts.Sum(t => t.Length);
            var record = new byte[sizeof(int) + length];
            BinaryPrimitives.WriteInt32LittleEndian(record, length);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), id);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), 46);
            int at = 12;
            foreach (byte[] text in texts)
            {
                BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(at), text.Length);
                text.CopyTo(record, at + 4);
                at += 4 + text.Length;
            }

            stream.Write(record);
        }

        return stream.ToArray();
    }
}
