namespace LeakScope.Adapters.Tests.Support;

/// <summary>One test's result as <c>dotnet test</c> wrote it to a TRX file.</summary>
internal sealed record TestOutcome(string Name, bool Passed, string Message);
