namespace LeakScope.TestApp;

/// <summary>
/// Many owners, each leaking one scope ("owners N"): owner i is <c>test owner-i</c> and leaks
/// <c>db-connection leak-i</c>, one after another on this flow. Past the runtime's cap on owners the
/// rest share the overflow owner of their kind.
/// </summary>
internal static class ManyOwners
{
    private static readonly List<ScopeHandle> s_leaked = [];

    public static void Run(string[] args, TextWriter output)
    {
        int owners = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 1; i <= owners; i++)
        {
            using (Scope.Own("test", "owner-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                s_leaked.Add(Scope.Enter("db-connection", "leak-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }
}
