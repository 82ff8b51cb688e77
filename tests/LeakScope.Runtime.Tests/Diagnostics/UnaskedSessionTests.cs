using System.Diagnostics.Tracing;
using LeakScope.Registry;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

/// <summary>
/// A session that enables the provider with keywords 0 (dotnet-counters, dotnet-trace without
/// keywords) is read by EventSource as "every keyword", while EventPipe delivers it none of them:
/// it must not switch on what costs per scope (docs/events.md "Sessions that did not choose").
/// </summary>
public sealed class UnaskedSessionTests
{
    [Fact]
    public void KeywordsZero_TurnsOnNothingThatCostsPerScope()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, EventKeywords.None, new() { ["EventCounterIntervalSec"] = "1" });

        Assert.True(runtime.Runtime.Events.IsListening);
        Assert.Equal(RegistryModes.None, runtime.Registry.Modes & (RegistryModes.EmitEveryScope | RegistryModes.TrackParents | RegistryModes.CaptureStacks));
    }

    [Fact]
    public void EveryKeyword_WithoutSayingWhich_IsTheSame()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, EventKeywords.All);

        Assert.Equal(RegistryModes.None, runtime.Registry.Modes & (RegistryModes.EmitEveryScope | RegistryModes.TrackParents | RegistryModes.CaptureStacks));
    }

    [Fact]
    public void EveryKeyword_WithTheKeywordsArgument_GetsWhatItNamed()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, EventKeywords.All, new() { ["Keywords"] = "0x3" });

        Assert.Equal(RegistryModes.EmitEveryScope, runtime.Registry.Modes & (RegistryModes.EmitEveryScope | RegistryModes.TrackParents | RegistryModes.CaptureStacks));
    }

    [Fact]
    public void NamedKeywords_StillTurnOnFullMode_ParentsAndStacks()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Parents | K.Stacks);

        Assert.Equal(RegistryModes.EmitEveryScope | RegistryModes.TrackParents | RegistryModes.CaptureStacks, runtime.Registry.Modes & (RegistryModes.EmitEveryScope | RegistryModes.TrackParents | RegistryModes.CaptureStacks));
    }
}
