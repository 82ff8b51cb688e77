namespace LeakScope.TestApp;

/// <summary>Short scopes flat out on one thread for a while: "churn SECONDS". Nothing to report.</summary>
internal static class Churn
{
    public static void Run(string[] args, TextWriter output)
    {
        double seconds = double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        long pairs = 0;
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            for (int i = 0; i < 1000; i++)
            {
                using ScopeHandle scope = Scope.Enter("churn");
            }

            pairs += 1000;
        }

        output.WriteLine($"pairs {pairs}");
    }
}
