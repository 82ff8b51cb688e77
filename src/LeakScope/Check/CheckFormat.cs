namespace LeakScope.Cli.Check;

/// <summary>Report formats of <c>check</c>.</summary>
internal enum CheckFormat
{
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    Html,
}
