using System.Diagnostics;

namespace LeakScope.TestApp;

/// <summary>
/// "spawn-lazy MS": starts another instance of this app that waits MS milliseconds before its first
/// scope, then leaks 2 and exits, and returns at once without waiting for it: a grandchild under
/// 'leakscope check' that uses LeakScope late, after its parent has gone.
/// </summary>
internal static class LazyGrandchild
{
    public static void Spawn(string[] args, TextWriter output)
    {
        string delay = args.Length > 0 ? args[0] : "3000";
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (string argument in Environment.GetCommandLineArgs()[..1].Concat(["--script", $"pause {delay};leak 2;exit"]))
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start)!;
        output.WriteLine($"spawned {child.Id}");
    }

    public static void Pause(string[] args, TextWriter output) =>
        Thread.Sleep(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture));
}
