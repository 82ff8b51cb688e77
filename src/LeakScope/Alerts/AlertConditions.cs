namespace LeakScope.Cli.Alerts;

/// <summary>What makes <c>monitor</c> stop with the leak code (or, with <c>--on-leak collect</c>, record a trace) as soon as it holds.</summary>
/// <param name="FailOnGrowing"><c>--fail-on growing</c>: a call site's open count grows by the growth rule.</param>
/// <param name="MaxOpen"><c>--max-open</c>: more scopes open at a site or of a kind than allowed.</param>
/// <param name="MaxAge"><c>--max-age</c>: any open scope older than this.</param>
internal sealed record AlertConditions(bool FailOnGrowing, IReadOnlyList<OpenLimit> MaxOpen, TimeSpan? MaxAge)
{
    public static AlertConditions None { get; } = new(false, [], null);

    public bool Any => FailOnGrowing || MaxOpen.Count > 0 || MaxAge is not null;
}
