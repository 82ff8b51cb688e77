namespace LeakScope.Cli.Reporting;

/// <summary>
/// A known leak site in a baseline file. It matches a leak site of the same kind, file and member
/// whose source line reads the same (so unrelated edits that shift lines keep it), or, when the
/// source could not be read, the same line number.
/// </summary>
internal sealed record BaselineEntry(string Kind, string File, string Member, int Line, string? Source, int Count)
{
    public string Signature => SiteSignature.Of(Kind, File, Member, Source, Line);
}
