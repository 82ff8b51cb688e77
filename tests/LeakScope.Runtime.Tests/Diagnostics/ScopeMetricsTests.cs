using System.Diagnostics.Metrics;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;

namespace LeakScope.Tests.Diagnostics;

public sealed class ScopeMetricsTests
{
    [Fact]
    public void Instruments_ReportOpenEnteredExitedAndAbandonedByKind()
    {
        using var runtime = new TestRuntime();
        ScopeHandle a = runtime.Enter("db-connection");
        ScopeHandle b = runtime.Enter("db-connection");
        ScopeHandle c = runtime.Enter("db-connection");
        ScopeHandle file = runtime.Enter("file");
        a.Dispose();
        a.Dispose();
        ScopeHandle collected = runtime.Enter("file");
        collected.Abandon();

        Dictionary<(string Instrument, string? Kind), long> measured = Collect(runtime.ProviderName);

        Assert.Equal(2, measured[(ScopeMetrics.OpenInstrument, "db-connection")]);
        Assert.Equal(3, measured[(ScopeMetrics.EnteredInstrument, "db-connection")]);
        Assert.Equal(1, measured[(ScopeMetrics.ExitedInstrument, "db-connection")]);
        Assert.Equal(1, measured[(ScopeMetrics.OpenInstrument, "file")]);
        Assert.Equal(1, measured[(ScopeMetrics.AbandonedInstrument, "file")]);
        Assert.Equal(1, measured[(ScopeMetrics.RedundantDisposalsInstrument, null)]);
        b.Dispose();
        c.Dispose();
        file.Dispose();
    }

    [Fact]
    public void DefaultMeter_IsNamedLeakScope()
    {
        using ScopeHandle scope = Scope.Enter("test-metrics-default");

        Dictionary<(string Instrument, string? Kind), long> measured = Collect("LeakScope");

        Assert.True(measured[(ScopeMetrics.OpenInstrument, "test-metrics-default")] >= 1);
    }

    private static Dictionary<(string Instrument, string? Kind), long> Collect(string meterName)
    {
        var measured = new Dictionary<(string, string?), long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? kind = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                kind = tag.Key == ScopeMetrics.KindTag ? (string?)tag.Value : kind;
            }

            measured[(instrument.Name, kind)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return measured;
    }
}
