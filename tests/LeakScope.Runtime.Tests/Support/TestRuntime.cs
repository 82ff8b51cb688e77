using System.Runtime.CompilerServices;
using LeakScope.Registry;

namespace LeakScope.Tests.Support;

/// <summary>A private registry, provider and meter per test, so tests running in parallel cannot see each other.</summary>
internal sealed class TestRuntime : IDisposable
{
    public TestRuntime(bool trackParents = false, int abandonedPerSite = AbandonedRecord.DefaultCapacity)
    {
        ProviderName = "LeakScope-Test-" + Guid.NewGuid().ToString("N");
        Runtime = new ScopeRuntime(ProviderName, ProviderName, trackParents, abandonedPerSite);
    }

    public string ProviderName { get; }

    public ScopeRuntime Runtime { get; }

    public ScopeRegistry Registry => Runtime.Registry;

    public ScopeHandle Enter(
        string kind,
        string? name = null,
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0,
        [CallerMemberName] string member = "") =>
        Registry.Enter(kind, name, file, line, member);

    public int OpenCount => Registry.ReadOpen().Count;

    public void Dispose() => Runtime.Dispose();
}
