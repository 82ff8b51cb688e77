namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The NativeAOT pack of the tool (<see cref="AotTool"/>) and publish of the app (<see cref="AotApp"/>)
/// take minutes of a core each. Started in the background when the run includes the tests that need
/// them (<see cref="EndToEnd.NativeAotCollection"/>, run last), they compile while the other end-to-end
/// tests mostly wait on processes. One after the other: both compile src/Runtime into its obj/Release.
/// A failure is not lost: the Lazy of each keeps it and throws it to every test that uses it.
/// </summary>
internal static class NativeAotBuilds
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(40);
    private static readonly Lock s_lock = new();
    private static Task? s_builds;

    public static void StartInBackground()
    {
        lock (s_lock)
        {
            s_builds ??= Task.Factory.StartNew(
                () =>
                {
                    Build(() => AotTool.Installed);
                    Build(() => AotApp.Published);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
    }

    /// <summary>For another Release build of the repository's projects: never beside these, which write the same obj/Release.</summary>
    public static void WaitUntilDone()
    {
        Task? builds;
        lock (s_lock)
        {
            builds = s_builds;
        }

        Assert.True(builds?.Wait(s_patience) ?? true, $"The NativeAOT builds did not end within {s_patience.TotalMinutes} min.");
    }

    private static void Build(Func<object> first)
    {
        try
        {
            _ = first();
        }
#pragma warning disable CA1031 // Any failure: the test that uses the build gets it again from the Lazy.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
