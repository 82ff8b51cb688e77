namespace LeakScope.TestApp;

/// <summary>
/// Runs of short scopes as full mode writes them as closed records (docs/events.md "Full mode"), with what
/// may break a run: another site, a nested scope, an exit on another thread, a faulted or completed exit,
/// a thread that ends with its run still buffered. Every scope here exits except where a command says
/// "leak"; the exits' outcomes are fixed, so a report's exit counts can be checked exactly.
/// </summary>
internal static class ClosedRuns
{
    private static readonly List<ScopeHandle> s_leaked = [];

    /// <summary>
    /// "closed-edges ROUNDS", or "closed-edges SECONDSs" for as many rounds as fit in that time: per round, 5
    /// plain scopes at the run site, one at another site, 5 more, an outer run-site scope around an inner
    /// one, a scope disposed on another thread, one faulted by
    /// <see cref="Scope.Run(string, string, Action, string, int, string)"/>, one <c>Fail</c>ed and one
    /// <c>Complete</c>d. Prints "rounds N".
    /// </summary>
    public static void Edges(string[] args, TextWriter output)
    {
        bool timed = args[0].EndsWith('s');
        double limit = double.Parse(args[0].TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
        DateTime until = DateTime.UtcNow.AddSeconds(timed ? limit : 0);
        long rounds = 0;
        for (; timed ? DateTime.UtcNow < until : rounds < limit; rounds++)
        {
            Run(5);
            using (Scope.Enter("edge-other"))
            {
            }

            Run(5);
            using (Scope.Enter("edge-run"))
            {
                Run(1);
            }

            // Entered here, exited on a pool thread: the exit is in another thread's buffer.
            ScopeHandle hopped = Scope.Enter("edge-hop");
            Task.Run(() => hopped.Dispose()).Wait();

            try
            {
                Scope.Run("edge-fault", "thrown", () => throw new InvalidOperationException("edge"));
            }
            catch (InvalidOperationException)
            {
            }

            ScopeHandle failed = Scope.Enter("edge-fail");
            failed.Fail(new TimeoutException());
            failed.Dispose();

            ScopeHandle completed = Scope.Enter("edge-complete");
            completed.Complete();
            completed.Dispose();
        }

        output.WriteLine("rounds " + rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// "thread-run COUNT [leak]": a new thread enters and exits COUNT scopes at the run site, with "leak"
    /// leaving the last one open (its enter right after the run's closed record), and ends; returns once
    /// it has ended.
    /// </summary>
    public static void ThreadRun(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        bool leak = args.Length > 1 && args[1] == "leak";
        var thread = new Thread(() => Run(count, leaveLastOpen: leak));
        thread.Start();
        thread.Join();
    }

    // One call site for every run, so consecutive scopes make one closed record.
    private static void Run(int count, bool leaveLastOpen = false)
    {
        for (int i = 0; i < count; i++)
        {
            ScopeHandle scope = Scope.Enter("edge-run");
            if (leaveLastOpen && i == count - 1)
            {
                lock (s_leaked)
                {
                    s_leaked.Add(scope);
                }
            }
            else
            {
                scope.Dispose();
            }
        }
    }
}
