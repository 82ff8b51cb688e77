namespace LeakScope.Tests;

/// <summary><see cref="Scope.Own"/> on the process-wide registry; each test uses its own kinds.</summary>
public sealed class OwnerTests
{
    [Fact]
    public void ScopeEnteredUnderOwner_CarriesIt_AndDisposeRestoresThePreviousOwner()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        var handles = new List<ScopeHandle>();
        try
        {
            using (Scope.Own("test", "outer"))
            {
                handles.Add(Scope.Enter("owner-nesting", "in-outer"));
                using (ScopeOwnership inner = Scope.Own("test", "inner"))
                {
                    Assert.Equal("inner", inner.Name);
                    handles.Add(Scope.Enter("owner-nesting", "in-inner"));
                }

                handles.Add(Scope.Enter("owner-nesting", "back-in-outer"));
            }

            handles.Add(Scope.Enter("owner-nesting", "after"));

            Dictionary<string, string?> ownerByScope = Scope.GetOpenScopes(checkpoint)
                .Where(s => s.Kind == "owner-nesting")
                .ToDictionary(s => s.Name!, s => s.OwnerName);
            Assert.Equal("outer", ownerByScope["in-outer"]);
            Assert.Equal("inner", ownerByScope["in-inner"]);
            Assert.Equal("outer", ownerByScope["back-in-outer"]);
            Assert.Null(ownerByScope["after"]);
            Assert.Equal("test", Scope.GetOpenScopes(checkpoint).First(s => s.Name == "in-inner").OwnerKind);
        }
        finally
        {
            handles.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task ParallelFlows_EachKeepItsOwner_AcrossAwaits()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        var handles = new System.Collections.Concurrent.ConcurrentBag<ScopeHandle>();
        using var bothOwnersSet = new Barrier(2);
        try
        {
            async Task RunAsOwner(string owner)
            {
                await Task.Yield();
                using (Scope.Own("test", owner))
                {
                    // Both flows have set their owner before either enters: a shared slot would be overwritten.
                    bothOwnersSet.SignalAndWait(TimeSpan.FromSeconds(30));
                    await Task.Delay(1);
                    handles.Add(Scope.Enter("owner-parallel", owner));
                    await Task.Run(() => handles.Add(Scope.Enter("owner-parallel", owner + "-task-run")));
                }
            }

            await Task.WhenAll(Task.Run(() => RunAsOwner("a")), Task.Run(() => RunAsOwner("b")));

            List<OpenScope> open = [.. Scope.GetOpenScopes(checkpoint).Where(s => s.Kind == "owner-parallel")];
            Assert.Equal(4, open.Count);
            Assert.All(open, s => Assert.StartsWith(s.OwnerName!, s.Name!, StringComparison.Ordinal));
        }
        finally
        {
            foreach (ScopeHandle handle in handles)
            {
                handle.Dispose();
            }
        }
    }

    [Fact]
    public async Task WorkStartedWithSuppressedFlow_IsUnowned()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        ScopeHandle owned = default;
        ScopeHandle unowned = default;
        try
        {
            using (Scope.Own("test", "suppressing"))
            {
                owned = Scope.Enter("owner-suppressed", "owned");
                Task task;
                using (ExecutionContext.SuppressFlow())
                {
                    task = Task.Run(() => unowned = Scope.Enter("owner-suppressed", "unowned"));
                }

                await task;
            }

            Dictionary<string, OpenScope> open = Scope.GetOpenScopes(checkpoint)
                .Where(s => s.Kind == "owner-suppressed")
                .ToDictionary(s => s.Name!);
            Assert.Equal("suppressing", open["owned"].OwnerName);
            Assert.Null(open["unowned"].OwnerKind);
            Assert.Null(open["unowned"].OwnerName);
            Assert.Contains("owned by test 'suppressing'", open["owned"].ToString(), StringComparison.Ordinal);
        }
        finally
        {
            owned.Dispose();
            unowned.Dispose();
        }
    }

    [Fact]
    public void DisposingTwice_OrAfterANewerOwner_DoesNotUndoTheNewerOne()
    {
        ScopeCheckpoint checkpoint = Scope.Checkpoint();
        ScopeOwnership first = Scope.Own("test", "first");
        first.Dispose();
        using (Scope.Own("test", "second"))
        {
            first.Dispose();
            using ScopeHandle scope = Scope.Enter("owner-double-dispose");
            Assert.Equal("second", Assert.Single(Scope.GetOpenScopes(checkpoint), s => s.Kind == "owner-double-dispose").OwnerName);
        }

        default(ScopeOwnership).Dispose();
    }
}
