namespace LeakScope.Cli.Tests.Readme;

/// <summary>A command a reader of the README would copy: one shell line (continuations joined), as written.</summary>
/// <param name="Text">The command, without its comment.</param>
/// <param name="Line">Its line in README.md, for messages.</param>
/// <param name="Block">The text of the fenced block it came from, for commands that only work together.</param>
internal sealed record ReadmeCommand(string Text, int Line, string Block);
