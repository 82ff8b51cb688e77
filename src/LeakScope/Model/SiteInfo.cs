namespace LeakScope.Cli.Model;

/// <summary>A call site as reported by the target: where scopes of one kind are entered.</summary>
internal sealed class SiteInfo(string kind, string file, int line, string member)
{
    public string Kind { get; } = kind;
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Member { get; } = member;

    /// <summary>The first non-empty stack the target sent for this site.</summary>
    public string? Stack { get; set; }

    public (string Kind, string File, int Line, string Member) Key => (Kind, File, Line, Member);
}
