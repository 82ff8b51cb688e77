namespace LeakScope.Diagnostics;

/// <summary>Keyword values of the <c>LeakScope</c> provider; part of the wire contract in docs/events.md.</summary>
internal static class ProviderKeywords
{
    public const long Lifecycle = 0x1;
    public const long Full = 0x2;
    public const long Names = 0x4;
    public const long Stacks = 0x8;
    public const long Parents = 0x10;
    public const long Summaries = 0x20;

    /// <summary>No event has it: a session that has it on enabled every keyword without naming them (0 or ~0).</summary>
    public const long EveryKeywordProbe = 1L << 40;
}
