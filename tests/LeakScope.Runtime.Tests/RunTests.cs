using System.Diagnostics.Tracing;
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
        Assert.Equal(1, ExitOf(recorder, "test-run-ok").Get<int>("outcome"));
    }

    [Fact]
    public void Run_ReportsTheExceptionType_AndRethrowsIt()
    {
        using var recorder = EventRecorder.Start(ScopeRuntime.Default.Events, K.Full);

        var thrown = Assert.Throws<InvalidOperationException>(() => Scope.Run("test-run-fault", "x", () => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", thrown.Message);
        EventWrittenEventArgs exited = ExitOf(recorder, "test-run-fault");
        Assert.Equal(2, exited.Get<int>("outcome"));
        Assert.Equal(typeof(InvalidOperationException).FullName, exited.Get<string>("exceptionType"));
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
        Assert.Equal(typeof(TimeoutException).FullName, ExitOf(recorder, "test-runasync-fault").Get<string>("exceptionType"));
        Assert.Equal(1, ExitOf(recorder, "test-runasync-ok").Get<int>("outcome"));
    }

    private static EventWrittenEventArgs ExitOf(EventRecorder recorder, string kind)
    {
        long id = recorder.WaitFor("ScopeEntered", e => e.Get<string>("kind") == kind).ScopeId();
        return recorder.WaitFor("ScopeExited", e => e.IsFor(id));
    }
}
