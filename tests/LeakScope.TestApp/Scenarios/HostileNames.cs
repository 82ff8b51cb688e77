namespace LeakScope.TestApp;

/// <summary>
/// Leaks scopes whose kinds, names, files and members hold what an application may pass in from
/// user data: NUL, terminal escape sequences, newlines, lone surrogates and 100 KB of text. "hostile".
/// </summary>
internal static class HostileNames
{
    public const int ExplicitLine = 7;

    private static readonly List<ScopeHandle> s_leaked = [];

    public static void Leak(string[] args, TextWriter output)
    {
        s_leaked.Add(Scope.Enter("kind\0after-nul", "name\0after-nul")); SiteReport.Write(output, "hostile");
        s_leaked.Add(Scope.Enter("esc\u001b[2J\u001b]0;pwned\u0007", "line1\nline2\roverwritten\u202e")); SiteReport.Write(output, "hostile");
        s_leaked.Add(Scope.Enter(new string('k', 100_000), new string('n', 100_000))); SiteReport.Write(output, "hostile");
        s_leaked.Add(Scope.Enter("lone\ud800surrogate", "x\udc00")); SiteReport.Write(output, "hostile");
        s_leaked.Add(Scope.Enter("nul-path", "p", file: "/src/with\0nul/Hostile\u001b[31m.cs", line: ExplicitLine, member: "Mem\nber"));
        output.WriteLine($"site hostile Hostile.cs {ExplicitLine}");
    }
}
