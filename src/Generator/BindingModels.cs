using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeakScope.Generator;

/// <summary>
/// The semantic models the generator binds calls with: one per syntax tree of a compilation, with
/// nullable analysis off. With it on, binding one call analyzes its whole method body for nullability,
/// and that was most of the generator's own cost to a build. What the generator reads of a bound call
/// (the method, its containing type, its declared parameter and return types, the symbol a receiver
/// names) does not depend on nullable analysis; only inferred nullability would, and it reads none.
/// </summary>
/// <remarks>
/// The option is marked experimental in Roslyn. A compiler without it gets the driver's own model,
/// which binds the same symbols, more slowly.
/// </remarks>
internal static class BindingModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> s_byCompilation = new();
    private static volatile bool s_optionMissing;

    /// <summary>The model to bind calls of <paramref name="driverModel"/>'s tree with.</summary>
    public static SemanticModel For(SemanticModel driverModel) =>
        s_optionMissing ? driverModel : For(driverModel.Compilation, driverModel.SyntaxTree) ?? driverModel;

    /// <summary>The model to bind calls of <paramref name="tree"/> with; null when the compiler lacks the option.</summary>
    public static SemanticModel? For(Compilation compilation, SyntaxTree tree)
    {
        if (s_optionMissing)
        {
            return null;
        }

        try
        {
            return s_byCompilation.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
                .GetOrAdd(tree, added => WithoutNullableAnalysis(compilation, added));
        }
        catch (System.Exception ex) when (ex is System.MissingMemberException or System.TypeLoadException)
        {
            s_optionMissing = true;
            return null;
        }
    }

    /// <summary>
    /// The symbol <paramref name="expression"/> binds to, found by binding that expression alone at its place
    /// (as the compiler's binder there would), not its whole method body, which the semantic model binds
    /// for any node it is asked about: the generator asks only about tracked calls and their receivers.
    /// </summary>
    public static ISymbol? SymbolOf(SemanticModel model, ExpressionSyntax expression) =>
        model.GetSpeculativeSymbolInfo(expression.SpanStart, expression, SpeculativeBindingOption.BindAsExpression).Symbol;

    // Separate, so that a compiler lacking the option fails here, where the caller can catch it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // See the remarks: a missing option falls back to the driver's model.
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }
}
