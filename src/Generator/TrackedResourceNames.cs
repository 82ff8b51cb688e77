using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LeakScope.Generator;

/// <summary>
/// The names of the methods marked <c>[TrackedResource]</c> that the project can call: its own (found by
/// the compiler's attribute index) and those of referenced assemblies built against LeakScope.Runtime
/// (a referenced project's factories). Names only, so the syntax filter can pick their calls before
/// anything is bound, and the set stays equal across edits that change no marked method.
/// </summary>
internal static class TrackedResourceNames
{
    public const string AttributeName = "LeakScope.TrackedResourceAttribute";

    private const string RuntimeAssembly = "LeakScope.Runtime";

    /// <summary>The names of marked methods in the referenced assemblies that reference LeakScope.Runtime (no other can hold the attribute).</summary>
    public static EquatableArray<string> InReferences(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Modules.Any(module => module.ReferencedAssemblies.Any(identity => identity.Name == RuntimeAssembly)))
            {
                AddMarked(assembly.GlobalNamespace, names, cancellationToken);
            }
        }

        return new EquatableArray<string>([.. names]);
    }

    /// <summary>The project's own and the references' marked names, sorted and distinct.</summary>
    public static EquatableArray<string> Union(ImmutableArray<string> own, EquatableArray<string> referenced) =>
        new([.. own.Concat(referenced).Distinct().OrderBy(name => name, System.StringComparer.Ordinal)]);

    private static void AddMarked(INamespaceOrTypeSymbol container, SortedSet<string> names, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    AddMarked(nested, names, cancellationToken);
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: not Accessibility.Private } method
                    when method.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == AttributeName):
                    names.Add(method.Name);
                    break;
            }
        }
    }
}
