using System.Buffers.Binary;
using System.Text;
using LeakScope.Cli.Model;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// The parent links of a state file's <c>{pid}.parents</c> (docs/events.md, "State files"): each names a
/// call site, a name and the link outside it, so a slot's one link id gives its whole chain of enclosing
/// scopes, also of those that exited. The file comes from the target: a link may only point at one
/// written before it, so a chain always ends.
/// </summary>
internal sealed class ParentChains
{
    /// <summary>Parents followed outwards at most, as the runtime cuts them.</summary>
    private const int MaxChainLength = ExitSnapshotReader.MaxParents;

    private readonly Dictionary<int, (ParentInfo Parent, int Outer)> _links;
    private readonly Dictionary<int, IReadOnlyList<ParentInfo>> _chains = [];

    private ParentChains(Dictionary<int, (ParentInfo Parent, int Outer)> links) => _links = links;

    /// <summary>For state files from before parent links.</summary>
    public static ParentChains None { get; } = new([]);

    /// <summary>Whole records only: the process may have died while appending the last one.</summary>
    /// <param name="path">The parents file.</param>
    /// <param name="site">A call site id's kind, file and line; null for one never described.</param>
    public static ParentChains Read(string path, Func<int, (string Kind, string File, int Line)?> site)
    {
        var links = new Dictionary<int, (ParentInfo Parent, int Outer)>();
        foreach (ReadOnlySpan<byte> record in new AppendedRecords(AppendedRecords.ReadFile(path), 5 * sizeof(int)))
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(record);
            int siteId = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
            int outer = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            int nameBytes = BinaryPrimitives.ReadInt32LittleEndian(record[16..]);
            if (id <= 0 || outer < 0 || outer >= id || nameBytes < 0 || nameBytes > record.Length - 20 || site(siteId) is not { } where)
            {
                continue;
            }

            string name = NameFormatter.ForWire(Encoding.UTF8.GetString(record.Slice(20, nameBytes)), NameFormatter.MaxNameLength);
            links.TryAdd(id, (new ParentInfo(where.Kind, name, where.File, where.Line), outer));
        }

        return new ParentChains(links);
    }

    /// <summary>The chain starting at link <paramref name="id"/>, innermost first; null when the file never described it.</summary>
    public IReadOnlyList<ParentInfo>? ChainOf(int id)
    {
        if (_chains.TryGetValue(id, out IReadOnlyList<ParentInfo>? known))
        {
            return known;
        }

        var chain = new List<ParentInfo>();
        for (int link = id; link != 0 && chain.Count < MaxChainLength; )
        {
            if (!_links.TryGetValue(link, out (ParentInfo Parent, int Outer) found))
            {
                return null;
            }

            chain.Add(found.Parent);
            link = found.Outer;
        }

        _chains[id] = chain;
        return chain;
    }
}
