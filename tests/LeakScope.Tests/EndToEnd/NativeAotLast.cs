using LeakScope.Cli.Tests.Support;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("LeakScope.Cli.Tests.EndToEnd.NativeAotLast", "LeakScope.Tests")]

namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// Runs <see cref="NativeAotCollection"/> after the other collections, and starts its builds in the
/// background as soon as xunit knows it will run (it is given only the collections with tests to run):
/// a filtered run without those tests compiles nothing.
/// </summary>
public sealed class NativeAotLast : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        List<ITestCollection> collections = [.. testCollections];
        if (collections.Any(IsNativeAot))
        {
            NativeAotBuilds.StartInBackground();
        }

        return collections.OrderBy(IsNativeAot);
    }

    private static bool IsNativeAot(ITestCollection collection) => collection.DisplayName == NativeAotCollection.Name;
}
