using LeakScope.Diagnostics;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>Damaged and random full-mode batches through <see cref="ScopeRecords.Read"/>: records or a <see cref="FormatException"/>, nothing else.</summary>
public sealed class ScopeRecordsFuzzTests
{
    private const int Seed = 0xBA7C4;
    private const int Cases = 3000;

    [Fact]
    public void DamagedBatches_AreReadOrRejectedAsMalformed()
    {
        Assert.Equal(3, ScopeRecords.Read(EventPayloads.Records(siteId: 5)).Count);
        foreach ((int i, byte[] damaged) in DamagedBatches(Seed).Take(Cases))
        {
            FuzzCase.Run($"seed {Seed:X} case {i}", () => ReadOrReject(damaged));
        }
    }

    /// <summary>
    /// Found by seed 0xBA7C4 case 59: an enter record whose time was damaged out of FILETIME's
    /// range threw ArgumentOutOfRangeException from DateTime.FromFileTimeUtc, not FormatException.
    /// </summary>
    [Fact]
    public void SeedBA7C4_Case59_ATimeOutOfRange_IsAFormatException()
    {
        (_, byte[] damaged) = DamagedBatches(Seed).ElementAt(59);

        Assert.Throws<FormatException>(() => ScopeRecords.Read(damaged));
    }

    /// <summary>Mostly damaged copies of a real batch, now and then plain random bytes.</summary>
    internal static IEnumerable<(int Case, byte[] Batch)> DamagedBatches(int seed)
    {
        var mutator = new ByteMutator(seed);
        byte[] records = EventPayloads.Records(siteId: 5);
        for (int i = 0; ; i++)
        {
            yield return (i, mutator.Next(10) == 0 ? mutator.RandomBytes(mutator.Next(300)) : mutator.Mutate(records, out _));
        }
    }

    private static int ReadOrReject(byte[] batch)
    {
        try
        {
            return ScopeRecords.Read(batch).Count;
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}
