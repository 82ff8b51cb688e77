using LeakScope;

namespace LeakScope.AutoTrackCorpus;

/// <summary>A factory of the app's own marked [TrackedResource]: each call site is tracked.</summary>
internal static class Factories
{
    public static void Run(string work)
    {
        string path = Path.Combine(work, "export.bin");
        using (FileStream export = OpenExport(path))
        {
            export.WriteByte(1);
        }

        Leaks.Keep(OpenExport(path)); // LEAK: export-file
    }

    // A constructor is not intercepted: only the calls to this method are. Private methods are not tracked (the interceptor could not call them).
    [TrackedResource("export-file")]
    internal static FileStream OpenExport(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
}
