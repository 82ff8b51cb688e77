using System.Collections;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// A report's leaks, oldest first, kept as an order over the scopes the session tracked instead of
/// an object per leak: a million open scopes cost 4 bytes each here, and each leak is read from the
/// tracked state only when it is written or asked for (docs/performance.md, "Writing the report").
/// </summary>
internal sealed class LeakList : IReadOnlyList<ReportedLeak>
{
    private const string OpenState = "open";
    private const string AbandonedState = "abandoned";

    private readonly IReadOnlyList<KnownOpenScope> _open;
    private readonly ClosedScope[] _abandoned;

    // Below _open.Count an index into _open, else into _abandoned after _open.Count.
    private readonly int[] _order;
    private readonly DateTime _now;
    private readonly bool _stacks;

    private LeakList(IReadOnlyList<KnownOpenScope> open, ClosedScope[] abandoned, int[] order, DateTime now, bool stacks)
    {
        _open = open;
        _abandoned = abandoned;
        _order = order;
        _now = now;
        _stacks = stacks;
    }

    public int Count => _order.Length;

    public ReportedLeak this[int index]
    {
        get
        {
            int source = _order[index];
            if (source < _open.Count)
            {
                (long id, TrackedScope scope, SiteInfo site, long parentId, OwnerInfo? owner, IReadOnlyList<ParentInfo>? parents) = _open[source];
                return new ReportedLeak(id, site.Kind, scope.Name, site.File, site.Line, site.Member, scope.ThreadId, new DateTimeOffset(scope.EnteredAt), Age(scope.EnteredAt, _now), parentId, OpenState, _stacks ? site.Stack : null) { Owner = owner, Parents = parents is { Count: > 0 } ? parents : null };
            }

            ClosedScope closed = _abandoned[source - _open.Count];
            return new ReportedLeak(closed.Id, closed.Site.Kind, closed.Name, closed.Site.File, closed.Site.Line, closed.Site.Member, closed.ThreadId, new DateTimeOffset(closed.EnteredAt), Age(closed.EnteredAt, closed.AbandonedAt), closed.ParentId, AbandonedState, _stacks ? closed.Site.Stack : null) { Owner = closed.Owner };
        }
    }

    /// <summary>
    /// Orders the leaks among <paramref name="open"/> and <paramref name="abandoned"/>, oldest first.
    /// <paramref name="open"/> is read again whenever a leak is, so it must not change afterwards.
    /// </summary>
    /// <param name="open">The open scopes, a list the report may keep.</param>
    /// <param name="abandoned">Scopes whose owners were garbage-collected: all are leaks.</param>
    /// <param name="now">When the report is made: ages are counted to it.</param>
    /// <param name="minAge">Open scopes younger than this are in flight, not leaks; null: every open scope is a leak.</param>
    /// <param name="stacks">Leaks carry their call site's stack.</param>
    /// <param name="inFlight">How many open scopes were too young to count.</param>
    public static LeakList Of(IReadOnlyList<KnownOpenScope> open, IReadOnlyList<ClosedScope> abandoned, DateTime now, TimeSpan? minAge, bool stacks, out int inFlight)
    {
        // Age first (as reported, rounded), then where the scope came from: a stable, deterministic order.
        var keys = new (double NegativeAge, int Source)[open.Count + abandoned.Count];
        int count = 0;
        inFlight = 0;
        for (int i = 0; i < open.Count; i++)
        {
            DateTime enteredAt = open[i].Scope.EnteredAt;
            if (minAge is { } threshold && Math.Max((now - enteredAt).TotalSeconds, 0) < threshold.TotalSeconds)
            {
                inFlight++;
                continue;
            }

            keys[count++] = (-Age(enteredAt, now), i);
        }

        // A copy: the tracker's own list of abandoned scopes may still grow while the report is written.
        ClosedScope[] closed = [.. abandoned];
        for (int i = 0; i < closed.Length; i++)
        {
            keys[count++] = (-Age(closed[i].EnteredAt, closed[i].AbandonedAt), open.Count + i);
        }

        Span<(double NegativeAge, int Source)> leaks = keys.AsSpan(0, count);
        leaks.Sort();
        int[] order = new int[count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = leaks[i].Source;
        }

        return new LeakList(open, closed, order, now, stacks);
    }

    /// <summary>The call site of the leak at <paramref name="index"/>, as the tracker shares it.</summary>
    public SiteInfo SiteAt(int index)
    {
        int source = _order[index];
        return source < _open.Count ? _open[source].Site : _abandoned[source - _open.Count].Site;
    }

    public IEnumerator<ReportedLeak> GetEnumerator()
    {
        for (int i = 0; i < _order.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static double Age(DateTime from, DateTime to) => Math.Round(Math.Max((to - from).TotalSeconds, 0), 3);
}
