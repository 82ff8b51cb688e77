namespace LeakScope;

/// <summary>
/// Marks a factory method of your own whose result is a resource to track: in a project that sets
/// <c>&lt;LeakScopeAutoTrack&gt;true&lt;/LeakScopeAutoTrack&gt;</c>, every call to the method in that
/// project's source is tracked as a scope of <see cref="Kind"/> at the call's file and line, exited
/// when the returned resource is closed by any path (the rules of <see cref="Scope.Watch"/>).
/// </summary>
/// <remarks>
/// <code>
/// [TrackedResource("export-file")]
/// public static FileStream OpenExport(string path) => new(path, FileMode.Create);
/// </code>
/// A method returning <c>Task&lt;T&gt;</c> is tracked once its result is
/// there. A result of a type with no watch rule is not tracked (it could only be reported abandoned).
/// </remarks>
/// <param name="kind">What kind of resource the method returns, such as <c>export-file</c>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TrackedResourceAttribute(string kind) : Attribute
{
    /// <summary>What kind of resource the method returns.</summary>
    public string Kind { get; } = kind;
}
