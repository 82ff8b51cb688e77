namespace LeakScope.Cli.Tracing;

/// <summary>Who owns a process, from /proc: the runtime only lets its owner (or root) attach.</summary>
internal static class ProcessOwner
{
    public static string? CurrentUid => Uid("self");

    /// <summary>True when the process belongs to someone else and we are not root; false when unknown.</summary>
    public static bool IsForeign(int pid, out string uid)
    {
        uid = Uid(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) ?? string.Empty;
        string? self = CurrentUid;
        return uid.Length > 0 && self is not null && self != "0" && uid != self;
    }

    /// <summary>The uid the process runs as (its real uid), or null when it is gone.</summary>
    public static uint? UidOf(int pid) =>
        uint.TryParse(Uid(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint uid) ? uid : null;

    private static string? Uid(string process)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{process}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            string[]? fields = line?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 1 } ? fields[1] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
