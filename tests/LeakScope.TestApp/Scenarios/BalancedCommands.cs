namespace LeakScope.TestApp;

/// <summary>Opens and closes scopes properly: "balanced N". None of them may ever be reported.</summary>
internal static class BalancedCommands
{
    public static void Run(string[] args, TextWriter output)
    {
        int count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < count; i++)
        {
            using (Scope.Enter("db-command", "select"))
            {
            }
        }
    }
}
