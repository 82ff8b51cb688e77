namespace LeakScope.Cli.Tests.EndToEnd;

/// <summary>
/// End-to-end tests that need a NativeAOT build (<see cref="Support.NativeAotBuilds"/>) or make the same
/// Release build of src/LeakScope: one at a time like <see cref="EndToEndCollection"/>, and after it
/// (<see cref="NativeAotLast"/>), so the builds run beside the other end-to-end tests, not before them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAotCollection
{
    public const string Name = "NativeAot";
}
