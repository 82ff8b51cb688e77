using System.Globalization;

namespace LeakScope.Diagnostics;

/// <summary>Where the exit snapshot file goes and what it is called; shared by the runtime and the tool.</summary>
internal static class ExitSnapshotContract
{
    /// <summary>The directory, set by <c>leakscope check</c> in the environment of the command it runs.</summary>
    public const string DirectoryVariable = "LEAKSCOPE_EXIT_SNAPSHOT_DIR";

    public const int FormatVersion = 1;

    /// <summary>
    /// The AppContext switch that trimmed and NativeAOT apps set to false by default
    /// (<c>&lt;EventSourceSupport&gt;false&lt;/EventSourceSupport&gt;</c>): no EventSource then reaches any session.
    /// </summary>
    public const string EventSourceSwitch = "System.Diagnostics.Tracing.EventSource.IsSupported";

    /// <summary>The MSBuild property that sets <see cref="EventSourceSwitch"/>, as the tool tells users to set it.</summary>
    public const string EventSourceProperty = "<EventSourceSupport>true</EventSourceSupport>";

    /// <summary>Whether this process's EventSources can reach a session (true unless the switch is set to false).</summary>
    public static bool EventSourceSupported => !AppContext.TryGetSwitch(EventSourceSwitch, out bool supported) || supported;

    public static string FileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".exit.json";
}
