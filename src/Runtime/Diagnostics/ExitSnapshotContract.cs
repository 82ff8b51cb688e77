using System.Globalization;

namespace LeakScope.Diagnostics;

/// <summary>Where the exit snapshot file goes and what it is called; shared by the runtime and the tool.</summary>
internal static class ExitSnapshotContract
{
    /// <summary>The directory, set by <c>leakscope check</c> in the environment of the command it runs.</summary>
    public const string DirectoryVariable = "LEAKSCOPE_EXIT_SNAPSHOT_DIR";

    public const int FormatVersion = 1;

    public static string FileName(int processId) => processId.ToString(CultureInfo.InvariantCulture) + ".exit.json";
}
