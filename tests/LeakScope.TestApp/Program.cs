global using LeakScope;
using LeakScope.TestApp;

// A target for end-to-end tests, stepped over standard input one command per line, so that tests
// wait on "ok" lines instead of sleeping. Each scenario is one file under Scenarios/.
// Arguments: --no-scopes never touches LeakScope (the provider then does not exist); --script, below.
// --script "leak 2; balanced 5; exit" runs the same commands from the argument, for 'leakscope check'
// tests where the child's standard input is the test runner's.
int script = Array.IndexOf(args, "--script");
TextReader commands = script >= 0 && script + 1 < args.Length
    ? new StringReader(args[script + 1].Replace(';', '\n'))
    : Console.In;

if (args.Contains("--no-scopes"))
{
    Console.WriteLine("ready");
    commands.ReadToEnd();
    return 0;
}

var scenarios = new Dictionary<string, Action<string[], TextWriter>>(StringComparer.Ordinal)
{
    ["leak"] = LeakyConnections.Leak,
    ["balanced"] = BalancedCommands.Run,
    ["hold"] = HeldTransaction.Hold,
    ["release"] = HeldTransaction.Release,
    ["abandon"] = AbandonedFile.Abandon,
    ["gc"] = AbandonedFile.Collect,
    ["churn"] = Churn.Run,
    ["churn-forever"] = Churn.RunForever,
    ["ignore-term"] = StubbornProcess.IgnoreTerm,
    ["hostile"] = HostileNames.Leak,
    ["spawn-lazy"] = LazyGrandchild.Spawn,
    ["pause"] = LazyGrandchild.Pause,
    ["impostor"] = ImpostorSocket.Listen,
    ["pair-bytes"] = PairCost.Measure,
    ["window"] = RollingWindow.Start,
    ["hold-named"] = RollingWindow.HoldNamed,
    ["watch"] = WatchedResources.Run,
    ["watch-closed"] = WatchedResources.CloseByOwners,
    ["grow"] = GrowingService.Grow,
    ["script-names"] = GrowingService.ScriptNames,
    ["trend-grow"] = Trends.Grow,
    ["sawtooth"] = Trends.Sawtooth,
    ["owned"] = OwnedFlows.Run,
    ["owned-hostile"] = OwnedFlows.Hostile,
    ["owners"] = ManyOwners.Run,
    ["owners-disordered"] = DisorderedOwners.Run,
    ["long-parents"] = LongParentNames.Run,
    ["hold-snapshot"] = HeldSnapshot.Hold,
    ["wait-held"] = HeldSnapshot.WaitHeld,
    ["closed-edges"] = ClosedRuns.Edges,
    ["thread-run"] = ClosedRuns.ThreadRun,
};

Console.WriteLine("ready");
while (commands.ReadLine() is { } line)
{
    string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words.Length == 0)
    {
        continue;
    }

    if (words[0] == "exit")
    {
        Console.WriteLine("ok exit");
        return words.Length > 1 ? int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    if (words[0] == "block")
    {
        // Stays alive until killed: a process that outlives the command that started it.
        Console.WriteLine("ok block");
        Thread.Sleep(Timeout.Infinite);
    }

    if (words[0] == "failfast")
    {
        // Ends the process at once: no exit handler, no unhandled-exception event.
        Console.Out.Flush();
        Environment.FailFast("failfast requested");
    }

    if (words[0] == "overflow")
    {
        Console.Out.Flush();
        Overflow(0);
    }

    if (words[0] == "crash")
    {
        // An unhandled exception: the runtime aborts the process without running exit handlers.
        Console.Out.Flush();
        throw new InvalidOperationException("crash requested");
    }

    if (!scenarios.TryGetValue(words[0], out Action<string[], TextWriter>? run))
    {
        Console.WriteLine("unknown " + words[0]);
        continue;
    }

    run(words[1..], Console.Out);
    Console.WriteLine("ok " + words[0]);
}

return 0;

// Recurses until the stack runs out: the runtime then kills the process without running anything else.
static int Overflow(int depth) => Overflow(depth + 1) + 1;
