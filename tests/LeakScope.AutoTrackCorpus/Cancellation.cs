namespace LeakScope.AutoTrackCorpus;

/// <summary>Linked cancellation sources: disposed by using, or left undisposed.</summary>
internal static class Cancellation
{
    public static void Run()
    {
        using var outer = new CancellationTokenSource();
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(outer.Token))
        {
            linked.Token.ThrowIfCancellationRequested();
        }

        Leaks.Keep(CancellationTokenSource.CreateLinkedTokenSource(outer.Token, CancellationToken.None)); // LEAK: cancellation-source
    }
}
