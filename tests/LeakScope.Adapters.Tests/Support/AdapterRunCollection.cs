namespace LeakScope.Adapters.Tests.Support;

/// <summary>Tests that run 'dotnet test' on whole projects: one at a time (2 cores), sharing the packed packages.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdapterRunCollection : ICollectionFixture<AdapterPackages>
{
    public const string Name = "AdapterRuns";
}
