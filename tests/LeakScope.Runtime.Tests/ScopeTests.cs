using System.Runtime.CompilerServices;
using LeakScope.Tests.Support;

namespace LeakScope.Tests;

/// <summary>The public API on the process-wide registry; each test uses its own kind and a checkpoint.</summary>
public sealed class ScopeTests
{
    [Fact]
    public void Enter_RecordsCallSite()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        (ScopeHandle scope, int line) = (Scope.Enter("test-callsite", "orders"), CurrentLine());
        try
        {
            OpenScope open = Assert.Single(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-callsite");
            Assert.Equal(scope.Id, open.Id);
            Assert.Equal("orders", open.Name);
            Assert.EndsWith(nameof(ScopeTests) + ".cs", open.File, StringComparison.Ordinal);
            Assert.Equal(line, open.Line);
            Assert.Equal(nameof(Enter_RecordsCallSite), open.Member);
            Assert.Equal(Environment.CurrentManagedThreadId, open.ThreadId);
            Assert.InRange(open.EnteredAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        }
        finally
        {
            scope.Dispose();
        }

        Assert.DoesNotContain(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-callsite");
    }

    [Fact]
    public void GetOpenScopes_WithCheckpoint_LeavesOutScopesOpenBefore()
    {
        using ScopeHandle before = Scope.Enter("test-checkpoint", "before");
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        using ScopeHandle after = Scope.Enter("test-checkpoint", "after");

        OpenScope leaked = Assert.Single(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-checkpoint");
        Assert.Equal("after", leaked.Name);
        Assert.Contains(Scope.GetOpenScopes(), s => s.Id == before.Id);
        Assert.True(checkpoint.OpenCount >= 1);
    }

    [Fact]
    public void Dispose_Twice_ExitsOnceAndCountsTheSecond()
    {
        var runtimeCounter = ScopeRuntime.Default.Registry;
        ScopeHandle scope = Scope.Enter("test-double-dispose");
        ScopeHandle copy = scope;
        long redundantBefore = runtimeCounter.RedundantDisposals;

        scope.Dispose();
        Assert.False(scope.IsOpen);
        scope.Dispose();
        copy.Dispose();

        Assert.True(runtimeCounter.RedundantDisposals >= redundantBefore + 2);
        Assert.DoesNotContain(Scope.GetOpenScopes(), s => s.Id == scope.Id);
    }

    [Fact]
    public void Dispose_OfStaleCopy_LeavesTheScopeThatReusedTheSlotOpen()
    {
        using var runtime = new TestRuntime();
        ScopeHandle first = runtime.Enter("slot");
        ScopeHandle stale = first;
        first.Dispose();
        ScopeHandle second = runtime.Enter("slot");

        stale.Dispose();

        Assert.True(second.IsOpen);
        Assert.Equal(second.Id, Assert.Single(runtime.Registry.ReadOpen()).Id);
        Assert.Equal(1, runtime.Registry.RedundantDisposals);
        second.Dispose();
    }

    [Fact]
    public void FreeSlot_IsNeverMistakenForAScope()
    {
        using var runtime = new TestRuntime();
        ScopeHandle scope = runtime.Enter("slot");
        scope.Dispose();

        runtime.Registry.Abandon(0, 0);
        runtime.Registry.MarkOutcome(0, 0, new InvalidOperationException());
        runtime.Registry.Exit(0, 0, default);

        Assert.False(runtime.Registry.IsOpen(0, 0));
        var site = Assert.Single(runtime.Registry.ReadCounters());
        Assert.Equal((1L, 1L, 0L), (site.Entered, site.Exited, site.Abandoned));
        Assert.Equal(0, runtime.OpenCount);
    }

    [Fact]
    public void DefaultHandle_DoesNothing()
    {
        ScopeHandle none = default;
        none.Complete();
        none.Fail(new InvalidOperationException());
        none.Dispose();
        Assert.Equal(0, none.Id);
        Assert.False(none.IsOpen);
    }

    [Fact]
    public void Enter_WithNullKind_DoesNotThrowIntoTheCaller()
    {
        using ScopeHandle scope = Scope.Enter(null!, "no kind");
        Assert.True(scope.IsOpen);
    }

    [Fact]
    public async Task AwaitUsing_ExitsOnAnotherThread()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        int enterThread;
        int exitThread = 0;
        ScopeHandle scope = Scope.Enter("test-async-flow");
        enterThread = Environment.CurrentManagedThreadId;
        var exitOnOtherThread = new Thread(() =>
        {
            exitThread = Environment.CurrentManagedThreadId;
            scope.Dispose();
        });

        await Task.Yield();
        exitOnOtherThread.Start();
        await Task.Run(exitOnOtherThread.Join);

        Assert.NotEqual(enterThread, exitThread);
        Assert.False(scope.IsOpen);
        Assert.DoesNotContain(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-async-flow");
    }

    [Fact]
    public async Task AwaitUsing_DisposesAsync()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        await using (Scope.Enter("test-await-using"))
        {
            await Task.Delay(1);
            Assert.Single(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-await-using");
        }

        Assert.DoesNotContain(Scope.GetOpenScopes(checkpoint), s => s.Kind == "test-await-using");
    }

    private static int CurrentLine([CallerLineNumber] int line = 0) => line;
}
