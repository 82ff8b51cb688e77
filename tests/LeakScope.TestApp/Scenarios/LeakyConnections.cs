namespace LeakScope.TestApp;

/// <summary>Opens connections and never closes them: "leak N".</summary>
internal static class LeakyConnections
{
    private static readonly List<ScopeHandle> s_leaked = [];

    public static void Leak(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < count; i++)
        {
            s_leaked.Add(Scope.Enter("db-connection", "orders-" + i)); SiteReport.Write(output, "db-connection");
        }
    }
}
