using System.Diagnostics.Metrics;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LeakScope.Tests.Diagnostics;

/// <summary>
/// The meter as the OpenTelemetry SDK exports it, with no LeakScope tool attached: what an alert
/// rule is written against (README, "Metrics and alerts"). Bounded cardinality: one series per kind, never per name.
/// </summary>
public sealed class OpenTelemetryMetricsTests
{
    [Fact]
    public void Sdk_ExportsOpenOldestAgeAndAbandoned_ByKind()
    {
        using var runtime = new TestRuntime();
        ScopeHandle old = runtime.Enter("db-connection", "orders-1");
        Thread.Sleep(1100);
        ScopeHandle young = runtime.Enter("db-connection", "orders-2");
        ScopeHandle file = runtime.Enter("file", "report.csv");
        runtime.Enter("file", "lost.csv").Abandon();
        var exported = new CollectingExporter();
        using (MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(runtime.ProviderName)
            .AddReader(new BaseExportingMetricReader(exported))
            .Build())
        {
            Assert.True(provider.ForceFlush());
        }

        Assert.Equal(("{scope}", MetricType.LongSumNonMonotonic), exported.Shape(ScopeMetrics.OpenInstrument));
        Assert.Equal(("s", MetricType.DoubleGauge), exported.Shape(ScopeMetrics.OldestAgeInstrument));
        Assert.Equal(("{scope}", MetricType.LongSum), exported.Shape(ScopeMetrics.AbandonedInstrument));

        Assert.Equal(2, exported.Value(ScopeMetrics.OpenInstrument, "db-connection"));
        Assert.Equal(1, exported.Value(ScopeMetrics.OpenInstrument, "file"));
        Assert.Equal(1, exported.Value(ScopeMetrics.AbandonedInstrument, "file"));

        // The oldest of the kind, not the newest: over a second for the first connection.
        double oldest = exported.Value(ScopeMetrics.OldestAgeInstrument, "db-connection");
        Assert.InRange(oldest, 1.0, 60);
        Assert.InRange(exported.Value(ScopeMetrics.OldestAgeInstrument, "file"), 0, oldest);

        // Only the kind tag (redundant disposals: none): names never become series.
        Assert.All(exported.Points.Where(point => point.Instrument != ScopeMetrics.RedundantDisposalsInstrument), point => Assert.Equal([ScopeMetrics.KindTag], point.Tags.Keys));
        old.Dispose();
        young.Dispose();
        file.Dispose();
    }

    [Fact]
    public void OldestAge_HasNoValue_ForAKindWithNothingOpen()
    {
        using var runtime = new TestRuntime();
        runtime.Enter("lock").Dispose();
        var exported = new CollectingExporter();
        using (MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(runtime.ProviderName)
            .AddReader(new BaseExportingMetricReader(exported))
            .Build())
        {
            provider.ForceFlush();
        }

        Assert.DoesNotContain(exported.Points, point => point.Instrument == ScopeMetrics.OldestAgeInstrument);
        Assert.Equal(0, exported.Value(ScopeMetrics.OpenInstrument, "lock"));
    }

    /// <summary>Copies the points of the first export (the flush; disposing the provider exports again), as the SDK reuses its buffers.</summary>
    private sealed class CollectingExporter : BaseExporter<Metric>
    {
        public List<(string Instrument, string Unit, MetricType Type, Dictionary<string, object?> Tags, double Value)> Points { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            if (Points.Count > 0)
            {
                return ExportResult.Success;
            }

            foreach (Metric metric in batch)
            {
                foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (KeyValuePair<string, object?> tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    double value = metric.MetricType switch
                    {
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                        _ => point.GetSumLong(),
                    };
                    Points.Add((metric.Name, metric.Unit, metric.MetricType, tags, value));
                }
            }

            return ExportResult.Success;
        }

        public (string Unit, MetricType Type) Shape(string instrument)
        {
            var point = Points.First(p => p.Instrument == instrument);
            return (point.Unit, point.Type);
        }

        public double Value(string instrument, string kind) =>
            Points.Single(p => p.Instrument == instrument && Equals(p.Tags.GetValueOrDefault(ScopeMetrics.KindTag), kind)).Value;
    }
}
