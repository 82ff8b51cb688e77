using System.Diagnostics.Metrics;
using LeakScope.Registry;

namespace LeakScope.Diagnostics;

/// <summary>
/// The <c>LeakScope</c> meter: observable instruments read the per-call-site counters only when a
/// listener (dotnet-counters, OpenTelemetry) collects, so metrics add nothing to the enter path.
/// </summary>
internal sealed class ScopeMetrics : IDisposable
{
    public const string OpenInstrument = "leakscope.scopes.open";
    public const string EnteredInstrument = "leakscope.scopes.entered";
    public const string ExitedInstrument = "leakscope.scopes.exited";
    public const string AbandonedInstrument = "leakscope.scopes.abandoned";
    public const string RedundantDisposalsInstrument = "leakscope.scopes.redundant_disposals";
    public const string OldestAgeInstrument = "leakscope.scopes.oldest_age";
    public const string KindTag = "kind";

    private readonly ScopeRegistry _registry;
    private readonly Meter _meter;

    public ScopeMetrics(ScopeRegistry registry, string meterName)
    {
        _registry = registry;
        _meter = new Meter(meterName);
        _meter.CreateObservableUpDownCounter(OpenInstrument, () => ByKind(site => site.OpenNow), "{scope}", "Scopes open now, by kind.");
        _meter.CreateObservableCounter(EnteredInstrument, () => ByKind(site => site.Entered), "{scope}", "Scopes entered, by kind.");
        _meter.CreateObservableCounter(ExitedInstrument, () => ByKind(site => site.Exited), "{scope}", "Scopes exited, by kind.");
        _meter.CreateObservableCounter(AbandonedInstrument, () => ByKind(site => site.Abandoned), "{scope}", "Scopes collected without being exited, by kind.");
        _meter.CreateObservableGauge(OldestAgeInstrument, OldestAgeByKind, "s", "Age of the oldest open scope, by kind; no value for a kind with none open.");
        _meter.CreateObservableCounter(RedundantDisposalsInstrument, () => _registry.RedundantDisposals, "{disposal}", "Disposals of scopes that had already exited.");
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>One pass over the open slots each time a listener collects, so entering a scope pays nothing for it.</summary>
    private List<Measurement<double>> OldestAgeByKind()
    {
        long now = ScopeClock.Now();
        var oldest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((int siteId, long enteredAtMs) in _registry.ReadOldestEnteredMs())
        {
            string kind = _registry.Sites.ById(siteId).Kind;
            oldest[kind] = oldest.TryGetValue(kind, out long known) ? Math.Min(known, enteredAtMs) : enteredAtMs;
        }

        return oldest.Select(kind => new Measurement<double>(Math.Max(now - kind.Value, 0) / 1000.0, new KeyValuePair<string, object?>(KindTag, kind.Key))).ToList();
    }

    private List<Measurement<long>> ByKind(Func<SiteCounters, long> read)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (SiteCounters site in _registry.ReadCounters())
        {
            totals[site.Site.Kind] = totals.GetValueOrDefault(site.Site.Kind) + read(site);
        }

        return totals.Select(total => new Measurement<long>(total.Value, new KeyValuePair<string, object?>(KindTag, total.Key))).ToList();
    }
}
