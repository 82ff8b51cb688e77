using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using LeakScope.Diagnostics;
using LeakScope.Tests.Support;
using K = LeakScope.Diagnostics.ScopeEventSource.Keywords;

namespace LeakScope.Tests.Diagnostics;

public sealed class ScopeEventSourceTests
{
    [Fact]
    public void Manifest_IsValidInStrictMode()
    {
        string? manifest = EventSource.GenerateManifest(typeof(ScopeEventSource), assemblyPathToIncludeInManifest: null, EventManifestOptions.Strict);
        Assert.NotNull(manifest);
        Assert.Contains("name=\"LeakScope\"", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderNameAndGuid_ArePinned()
    {
        Assert.Equal("LeakScope", EventSource.GetName(typeof(ScopeEventSource)));
        Assert.Equal(new Guid("7fdbbe70-b5c1-5cef-2c66-84c9c81432e5"), EventSource.GetGuid(typeof(ScopeEventSource)));
        Assert.Equal("LeakScope", ScopeRuntime.Default.Events.Name);
        Assert.Equal(EventSource.GetGuid(typeof(ScopeEventSource)), ScopeRuntime.Default.Events.Guid);
    }

    [Fact]
    public void FullMode_EmitsEnterAndExitWithPayloads()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names);

        (ScopeHandle scope, int line) = (runtime.Enter("db-connection", "orders"), CurrentLine());
        scope.Complete();
        scope.Dispose();

        EventWrittenEventArgs entered = recorder.WaitFor("ScopeEntered", e => e.IsFor(scope.Id));
        Assert.Equal(EventIds.ScopeEntered, entered.EventId);
        Assert.Equal(EventLevel.Informational, entered.Level);
        Assert.Equal(
            ["scopeId", "kind", "name", "file", "line", "member", "threadId", "parentId", "enteredAt", "stack"],
            entered.PayloadNames);
        Assert.Equal("db-connection", entered.Get<string>("kind"));
        Assert.Equal("orders", entered.Get<string>("name"));
        Assert.EndsWith(nameof(ScopeEventSourceTests) + ".cs", entered.Get<string>("file"), StringComparison.Ordinal);
        Assert.Equal(line, entered.Get<int>("line"));
        Assert.Equal(nameof(FullMode_EmitsEnterAndExitWithPayloads), entered.Get<string>("member"));
        Assert.Equal(Environment.CurrentManagedThreadId, entered.Get<int>("threadId"));
        Assert.Equal(0L, entered.Get<long>("parentId"));
        Assert.InRange(entered.Get<DateTime>("enteredAt"), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(string.Empty, entered.Get<string>("stack"));

        EventWrittenEventArgs exited = recorder.WaitFor("ScopeExited", e => e.IsFor(scope.Id));
        Assert.Equal(EventIds.ScopeExited, exited.EventId);
        Assert.Equal(["scopeId", "outcome", "exceptionType", "durationMs"], exited.PayloadNames);
        Assert.Equal(1, exited.Get<int>("outcome"));
        Assert.Equal(string.Empty, exited.Get<string>("exceptionType"));
        Assert.InRange(exited.Get<double>("durationMs"), 0, 60_000);
    }

    [Fact]
    public void Exit_ReportsOutcome()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);

        ScopeHandle unspecified = runtime.Enter("outcome");
        unspecified.Dispose();
        ScopeHandle completed = runtime.Enter("outcome");
        completed.Complete();
        completed.Dispose();
        ScopeHandle faulted = runtime.Enter("outcome");
        faulted.Fail(new TimeoutException());
        faulted.Complete();
        faulted.Dispose();

        Assert.Equal(0, recorder.WaitFor("ScopeExited", e => e.IsFor(unspecified.Id)).Get<int>("outcome"));
        Assert.Equal(1, recorder.WaitFor("ScopeExited", e => e.IsFor(completed.Id)).Get<int>("outcome"));
        EventWrittenEventArgs fault = recorder.WaitFor("ScopeExited", e => e.IsFor(faulted.Id));
        Assert.Equal(2, fault.Get<int>("outcome"));
        Assert.Equal(typeof(TimeoutException).FullName, fault.Get<string>("exceptionType"));
    }

    [Fact]
    public void NamesKeyword_Off_LeavesNamesOut()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full);

        using ScopeHandle scope = runtime.Enter("secret", "Password=hunter2");

        Assert.Equal(string.Empty, recorder.WaitFor("ScopeEntered", e => e.IsFor(scope.Id)).Get<string>("name"));
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("Omit")]
    public void NameMode_KeepsTheNameInTheProcess(string mode)
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, new() { ["NameMode"] = mode });

        using ScopeHandle first = runtime.Enter("db", "Server=db;Password=hunter2");
        using ScopeHandle second = runtime.Enter("db", "Server=db;Password=hunter2");

        string name = recorder.WaitFor("ScopeEntered", e => e.IsFor(first.Id)).Get<string>("name");
        Assert.DoesNotContain("hunter2", name, StringComparison.Ordinal);
        if (mode == "hash")
        {
            Assert.StartsWith("sha256:", name, StringComparison.Ordinal);
            Assert.Equal(name, recorder.WaitFor("ScopeEntered", e => e.IsFor(second.Id)).Get<string>("name"));
        }
        else
        {
            Assert.Equal(string.Empty, name);
        }
    }

    [Fact]
    public void Names_AreCapped()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names, new() { ["NameMaxLength"] = "10" });

        using ScopeHandle scope = runtime.Enter("file", new string('x', 100_000));

        string name = recorder.WaitFor("ScopeEntered", e => e.IsFor(scope.Id)).Get<string>("name");
        Assert.Equal(10, name.Length);
        Assert.EndsWith("…", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AreCappedByDefaultBelowTheEventSizeLimit()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Names);

        using ScopeHandle scope = runtime.Enter("file", new string('x', 100_000));

        Assert.Equal(SessionSettings.Default.NameMaxLength, recorder.WaitFor("ScopeEntered", e => e.IsFor(scope.Id)).Get<string>("name").Length);
    }

    [Fact]
    public void StacksKeyword_AttachesTheCallSiteStack()
    {
        using var runtime = new TestRuntime();
        using var recorder = EventRecorder.Start(runtime.Runtime.Events, K.Full | K.Stacks);

        using ScopeHandle scope = runtime.Enter("stacked");

        string stack = recorder.WaitFor("ScopeEntered", e => e.IsFor(scope.Id)).Get<string>("stack");
        Assert.Contains(nameof(StacksKeyword_AttachesTheCallSiteStack), stack, StringComparison.Ordinal);
        Assert.DoesNotContain("ScopeRegistry", stack, StringComparison.Ordinal);
    }

    private static int CurrentLine([CallerLineNumber] int line = 0) => line;
}
