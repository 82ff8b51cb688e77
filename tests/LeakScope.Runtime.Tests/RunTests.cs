using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests;

/// <summary>Run helpers on the process-wide registry; events are matched by each test's own kind.</summary>
public sealed class RunTests
{
    [Fact]
    public void Run_ReportsCompleted()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Full);

        int result = Scope.Run("test-run-ok", null, () => 42);

        Assert.Equal(42, result);
        Assert.Equal(1, ExitOf(recorder, "test-run-ok").Outcome);
    }

    [Fact]
    public void Run_ReportsTheExceptionType_AndRethrowsIt()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Full);

        var thrown = Assert.Throws<InvalidOperationException>(() => Scope.Run("test-run-fault", "x", () => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", thrown.Message);
        ScopeRecord exited = ExitOf(recorder, "test-run-fault");
        Assert.Equal(2, exited.Outcome);
        Assert.Equal(typeof(InvalidOperationException).FullName, exited.ExceptionType);
    }

    [Fact]
    public async Task RunAsync_ReportsTheExceptionType()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Full);

        await Assert.ThrowsAsync<TimeoutException>(() => Scope.RunAsync("test-runasync-fault", null, async () =>
        {
            await Task.Yield();
            throw new TimeoutException();
        }));
        string value = await Scope.RunAsync("test-runasync-ok", null, async () =>
        {
            await Task.Yield();
            return "done";
        });

        Assert.Equal("done", value);
        Assert.Equal(typeof(TimeoutException).FullName, ExitOf(recorder, "test-runasync-fault").ExceptionType);
        Assert.Equal(1, ExitOf(recorder, "test-runasync-ok").Outcome);
    }

    private static ScopeRecord ExitOf(EventRecorder recorder, string kind)
    {
        int siteId = recorder.WaitFor("CallSiteDefined", e => e.Get<string>("kind") == kind).Get<int>("siteId");
        long id = recorder.WaitUntil(
            () => recorder.Records.Where(r => r.Kind == ScopeRecordKind.Entered && r.SiteId == siteId).Cast<ScopeRecord?>().FirstOrDefault(),
            $"enter of {kind}")!.Value.ScopeId;
        return recorder.WaitForRecord(ScopeRecordKind.Exited, id);
    }
}
