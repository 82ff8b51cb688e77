namespace LeakScope.Registry;

/// <summary>
/// Tells the registry that a garbage collection happened, so the worker looks for watched resources
/// and tracked wrappers that were collected. Each instance is finalized after the first collection
/// that finds it unreachable and leaves a new one behind: a new object is in generation 0, so every
/// collection is noticed, where a re-registered one would be promoted and seen only by full ones.
/// </summary>
internal sealed class CollectionSentinel
{
    private readonly ScopeRegistry _registry;

    private CollectionSentinel(ScopeRegistry registry) => _registry = registry;

    ~CollectionSentinel()
    {
        if (_registry.OnCollection())
        {
            Start(_registry);
        }
    }

    public static void Start(ScopeRegistry registry) => _ = new CollectionSentinel(registry);
}
