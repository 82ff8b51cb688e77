namespace LeakScope.TestApp;

/// <summary>
/// "long-parents N LENGTH": N scopes, each with a distinct name of LENGTH characters, each entered around a
/// child and then exited, so under check each becomes a parent link. Prints "retained BYTES": how much the
/// managed heap grew across them after a full collection, the memory their links keep.
/// </summary>
internal static class LongParentNames
{
    public static void Run(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        int length = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < count; i++)
        {
            string name = i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(length, 'p');
            using (Scope.Enter("request", name))
            using (Scope.Enter("query", "child"))
            {
            }
        }

        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine("retained " + retained.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
