using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeakScope.Generator;

/// <summary>
/// A semaphore used as a lock: waited on and released in the same method (same function body, with or
/// without <c>finally</c>). A semaphore waited on here and released elsewhere is a signal, not a lock,
/// and none of its calls is tracked, so a signal's release never ends a lock's scope.
/// </summary>
internal static class LockPattern
{
    private const string SemaphoreSlim = "System.Threading.SemaphoreSlim";

    /// <summary>Whether the method holding <paramref name="call"/> on <paramref name="receiver"/> also calls one of <paramref name="partnerNames"/> on the same semaphore.</summary>
    public static bool HasPartner(InvocationExpressionSyntax call, ExpressionSyntax receiver, string[] partnerNames, SemanticModel model, CancellationToken cancellationToken)
    {
        ISymbol? semaphore = SemaphoreOf(receiver, model, cancellationToken);
        SyntaxNode? body = call.Ancestors().FirstOrDefault(IsFunctionBody);
        if (semaphore is null || body is null)
        {
            return false;
        }

        foreach (InvocationExpressionSyntax other in body.DescendantNodes(node => node == body || !IsFunctionBody(node)).OfType<InvocationExpressionSyntax>())
        {
            if (other.Expression is MemberAccessExpressionSyntax access
                && partnerNames.Contains(access.Name.Identifier.ValueText)
                && BindingModels.SymbolOf(model, other) is IMethodSymbol { ContainingType: { } type }
                && type.ToDisplayString() == SemaphoreSlim
                && SymbolEqualityComparer.Default.Equals(SemaphoreOf(access.Expression, model, cancellationToken), semaphore))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The variable, field or property the semaphore is read from; null for any other expression (a call, a new object).</summary>
    private static ISymbol? SemaphoreOf(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken) =>
        BindingModels.SymbolOf(model, receiver) is { Kind: SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field or SymbolKind.Property } symbol
            ? symbol
            : null;

    private static bool IsFunctionBody(SyntaxNode node) =>
        node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax;
}
