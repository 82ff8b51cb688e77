using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeakScope.Generator;

/// <summary>
/// With <c>&lt;LeakScopeAutoTrack&gt;true&lt;/LeakScopeAutoTrack&gt;</c>, intercepts every call in the
/// project's source to an auto-tracked family and tracks it as a scope at the call's file and line.
/// Off, or without LeakScope.Runtime referenced, it emits nothing.
/// </summary>
/// <remarks>
/// Binding a call is what costs (with nullable analysis, the semantic model binds the whole method
/// body), so only calls whose name, as written, can be tracked are bound: a family's method name
/// (<see cref="CallClassifier.FamilyNames"/>), or the name of a method marked <c>[TrackedResource]</c>.
/// The marked names are a pipeline value the syntax filter cannot see, so calls of other names are
/// kept as syntax, matched against those names, and only the matches bound.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class AutoTrackGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for tests of the pipeline's caching. The family calls that are tracked.</summary>
    public const string CallsStep = "LeakScope.Calls";

    /// <summary>The step that collects the family calls.</summary>
    public const string CollectedStep = "LeakScope.Collected";

    /// <summary>The names of the <c>[TrackedResource]</c> methods the project can call.</summary>
    public const string MarkedNamesStep = "LeakScope.MarkedNames";

    /// <summary>The calls of those names, bound and classified.</summary>
    public const string MarkedCallsStep = "LeakScope.MarkedCalls";

    private const string SwitchProperty = "build_property.LeakScopeAutoTrack";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<bool> enabled = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(SwitchProperty, out string? value)
                && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase));

        IncrementalValueProvider<bool> hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("LeakScope.AutoTrack") is not null);

        IncrementalValueProvider<ImmutableArray<InterceptedCall>> calls = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => CallClassifier.IsFamilyCall(node), CallClassifier.Classify)
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .WithTrackingName(CallsStep)
            .Collect()
            .WithTrackingName(CollectedStep);

        IncrementalValueProvider<EquatableArray<InterceptedCall>> markedCalls = MarkedCalls(context);

        context.RegisterSourceOutput(calls.Combine(markedCalls).Combine(enabled.Combine(hasRuntime)), static (output, input) =>
        {
            ((ImmutableArray<InterceptedCall> family, EquatableArray<InterceptedCall> marked), (bool on, bool runtime)) = input;
            if (!on || !runtime || (family.IsEmpty && marked.Count == 0))
            {
                return;
            }

            output.AddSource("LeakScope.AutoTrack.g.cs", InterceptorWriter.Write(family.Concat(marked).OrderBy(c => c.File, System.StringComparer.Ordinal).ThenBy(c => c.Line).ThenBy(c => c.Data, System.StringComparer.Ordinal)));
        });
    }

    /// <summary>Calls of <c>[TrackedResource]</c> methods whose names are no family's (those are bound with the families').</summary>
    private static IncrementalValueProvider<EquatableArray<InterceptedCall>> MarkedCalls(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<string>> own = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TrackedResourceNames.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (attributed, _) => attributed.TargetSymbol.Name)
            .Collect();
        IncrementalValueProvider<EquatableArray<string>> referenced = context.CompilationProvider
            .Select(TrackedResourceNames.InReferences);
        IncrementalValueProvider<EquatableArray<string>> names = own.Combine(referenced)
            .Select(static (pair, _) => TrackedResourceNames.Union(pair.Left, pair.Right))
            .WithTrackingName(MarkedNamesStep);

        // Syntax only: a call of another name, with its name; bound below only if the name is a marked one.
        IncrementalValuesProvider<NamedCall> others = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => CallClassifier.IsOtherCall(node),
                static (syntax, _) => new NamedCall(CallClassifier.InvokedName(syntax.Node)!, (InvocationExpressionSyntax)syntax.Node));

        return others
            .Combine(names)
            .Where(static pair => pair.Right.Items.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left)
            .Collect()
            .Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) =>
            {
                (ImmutableArray<NamedCall> matches, Compilation compilation) = input;
                ImmutableArray<InterceptedCall>.Builder found = ImmutableArray.CreateBuilder<InterceptedCall>();
                foreach (IGrouping<SyntaxTree, NamedCall> tree in matches.GroupBy(match => match.Call.SyntaxTree))
                {
                    SemanticModel model = BindingModels.For(compilation, tree.Key) ?? compilation.GetSemanticModel(tree.Key);
                    foreach (NamedCall match in tree)
                    {
                        if (CallClassifier.Classify(match.Call, model, cancellationToken) is { } call)
                        {
                            found.Add(call);
                        }
                    }
                }

                return new EquatableArray<InterceptedCall>(found.ToImmutable());
            })
            .WithTrackingName(MarkedCallsStep);
    }

    /// <summary>A call as written, before binding; compared by node, so an unedited file's calls stay equal.</summary>
    private sealed record NamedCall(string Name, InvocationExpressionSyntax Call);
}
