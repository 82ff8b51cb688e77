using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Groups a report's leaks by call site in one pass over them, oldest first: largest group first,
/// then oldest, ties in the order the sites first appear; up to three distinct example names, the
/// oldest leaks' first. Abandoned scopes known by count only (<see cref="LeakGroup.AbandonedUnlisted"/>)
/// count towards their site's size, and a site known only by such a count gets a group of its own.
/// </summary>
internal static class LeakGrouping
{
    private const int ExampleNames = 3;

    public static List<LeakGroup> Of(LeakList leaks, IReadOnlyDictionary<(string Kind, string File, int Line, string Member), long> countOnlyAbandoned)
    {
        // The tracker shares one SiteInfo per site, so most leaks find their group by reference;
        // the key catches sites that are equal without being the same object.
        var bySite = new Dictionary<SiteInfo, Group>(ReferenceEqualityComparer.Instance);
        var byKey = new Dictionary<(string Kind, string File, int Line, string Member), Group>();
        var inOrder = new List<Group>();
        for (int i = 0; i < leaks.Count; i++)
        {
            SiteInfo site = leaks.SiteAt(i);
            if (!bySite.TryGetValue(site, out Group? group))
            {
                if (!byKey.TryGetValue(site.Key, out group))
                {
                    group = new Group(site.Kind, site.File, site.Line, site.Member);
                    byKey[site.Key] = group;
                    inOrder.Add(group);
                }

                bySite[site] = group;
            }

            group.Add(leaks[i]);
        }

        foreach (((string kind, string file, int line, string member) key, long _) in countOnlyAbandoned)
        {
            if (!byKey.ContainsKey(key))
            {
                var group = new Group(key.kind, key.file, key.line, key.member);
                byKey[key] = group;
                inOrder.Add(group);
            }
        }

        return inOrder
            .Select(g => new LeakGroup(g.Kind, g.File, g.Line, g.Member, g.Count, g.Abandoned, g.Oldest, g.Names, g.Stack)
            {
                AbandonedUnlisted = countOnlyAbandoned.GetValueOrDefault((g.Kind, g.File, g.Line, g.Member)),
                Parents = g.Parents,
                Owners = g.Owners,
            })
            .OrderByDescending(g => g.Count + g.AbandonedUnlisted)
            .ThenByDescending(g => g.OldestAgeSeconds)
            .ToList();
    }

    private sealed class Group(string kind, string file, int line, string member)
    {
        public string Kind { get; } = kind;
        public string File { get; } = file;
        public int Line { get; } = line;
        public string Member { get; } = member;
        public int Count { get; private set; }
        public int Abandoned { get; private set; }
        public double Oldest { get; private set; }
        public List<string> Names { get; } = new(ExampleNames);
        public string? Stack { get; private set; }
        public IReadOnlyList<ParentInfo> Parents { get; private set; } = [];
        public List<OwnerInfo> Owners { get; } = [];
        private readonly HashSet<OwnerInfo> _owners = [];

        public void Add(in ReportedLeak leak)
        {
            if (Parents.Count == 0 && leak.Parents is { } parents)
            {
                Parents = parents;
            }

            if (leak.Owner is { } owner && _owners.Add(owner))
            {
                Owners.Add(owner);
            }

            Oldest = Count == 0 ? leak.AgeSeconds : Math.Max(Oldest, leak.AgeSeconds);
            Count++;
            Abandoned += leak.State == "abandoned" ? 1 : 0;
            if (leak.Name.Length > 0 && Names.Count < ExampleNames && !Names.Contains(leak.Name, StringComparer.Ordinal))
            {
                Names.Add(leak.Name);
            }

            if (Stack is null && !string.IsNullOrEmpty(leak.Stack))
            {
                Stack = leak.Stack;
            }
        }
    }
}
