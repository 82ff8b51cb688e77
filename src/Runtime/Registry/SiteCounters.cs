namespace LeakScope.Registry;

/// <summary>Totals for one call site at the moment they were read.</summary>
internal readonly record struct SiteCounters(CallSite Site, long Entered, long Exited, long Abandoned)
{
    public long OpenNow => Math.Max(Entered - Exited - Abandoned, 0);
}
