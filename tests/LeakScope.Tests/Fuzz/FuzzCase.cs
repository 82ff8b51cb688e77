using Xunit.Sdk;

namespace LeakScope.Cli.Tests.Fuzz;

/// <summary>
/// Runs one fuzz input under a time limit and turns any escaping exception or hang into a failure
/// that names the seed, the case and the mutation, so the input can be rebuilt and made a regular test.
/// </summary>
internal static class FuzzCase
{
    /// <summary>Far above what one parse takes (milliseconds) even on a loaded machine; a hang, not slowness.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static T Run<T>(string what, Func<T> parse) => RunAsync(what, () => Task.FromResult(parse())).GetAwaiter().GetResult();

    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> parse)
    {
        // On the thread pool, so a parser stuck in a loop cannot stop the time limit from firing.
        Task<T> running = Task.Run(parse);
        try
        {
            return await running.WaitAsync(Limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"Hang: no result within {Limit.TotalSeconds} s for {what}.");
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            throw new XunitException($"Unexpected {ex.GetType().Name} for {what}: {ex}");
        }
    }
}
