using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LeakScope.Generator;

/// <summary>
/// Decides whether a call belongs to an auto-tracked family (docs/auto-tracking.md lists them) and
/// describes its interceptor. Providers hide some base methods instead of overriding them
/// (Microsoft.Data.Sqlite's <c>BeginTransaction</c> returns a <c>SqliteTransaction</c>), so ADO.NET
/// calls are matched by name and by a receiver type deriving from the base class.
/// </summary>
internal static class CallClassifier
{
    public const string Receiver = "@this";

    private const string TrackedResourceAttribute = "LeakScope.TrackedResourceAttribute";

    private static readonly string[] s_fileOpens = ["Open", "OpenRead", "OpenWrite", "Create"];
    private static readonly string[] s_fileTextOpens = ["OpenText", "CreateText", "AppendText"];
    private static readonly string[] s_waits = ["Wait", "WaitAsync"];
    private static readonly string[] s_releases = ["Release"];
    private static readonly string[] s_httpRequests = ["GetAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "SendAsync", "Send"];

    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Cheap syntax filter: any call through a name (a family member or a method of the app's own marked with the attribute).</summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or IdentifierNameSyntax };

    public static InterceptedCall? Classify(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        SemanticModel model = context.SemanticModel;
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol bound)
        {
            return null;
        }

        // An extension method called as x.M() binds to its reduced form; the interceptor takes the static one.
        IMethodSymbol method = bound.ReducedFrom ?? bound;
        // The interceptor calls the real method from another class: a private one cannot be called there.
        if (method.IsGenericMethod || method.ContainingType.IsGenericType || !IsCallableFromOutside(method))
        {
            return null;
        }

        Family? family = Match(method, call, model, cancellationToken);
        if (family is not { } found)
        {
            return null;
        }

#pragma warning disable RSEXPERIMENTAL002 // The interceptable-location API is the supported way to write [InterceptsLocation].
        InterceptableLocation? location = model.GetInterceptableLocation(call, cancellationToken);
#pragma warning restore RSEXPERIMENTAL002
        if (location is null)
        {
            return null;
        }

        SyntaxNode nameNode = call.Expression is MemberAccessExpressionSyntax access ? access.Name : call.Expression;
        FileLinePositionSpan span = nameNode.GetLocation().GetLineSpan();
        return new InterceptedCall(
            found.Template,
            found.Kind,
            found.NameExpression,
            method.Name,
            method.ContainingType.ToDisplayString(s_typeFormat),
            method.IsStatic,
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat),
            new EquatableArray<InterceptorParameter>(ParametersOf(method)),
            location.Version,
            location.Data,
            location.GetDisplayLocation(),
            call.SyntaxTree.FilePath,
            span.StartLinePosition.Line + 1,
            CallerMember(model, call, cancellationToken));
    }

    private static Family? Match(IMethodSymbol method, InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (TrackedKind(method) is { } trackedKind)
        {
            return IsTask(method.ReturnType)
                ? new Family(CallTemplate.WatchResultAsync, trackedKind, "null")
                : method.ReturnType.IsReferenceType ? new Family(CallTemplate.WatchResult, trackedKind, "null") : null;
        }

        string name = method.Name;
        INamedTypeSymbol type = method.ContainingType;
        string typeName = type.ToDisplayString();
        string firstParameter = method.Parameters.Length > 0 ? "@" + method.Parameters[0].Name : "null";
        switch (typeName)
        {
            case "System.IO.File" when s_fileOpens.Contains(name):
                return new Family(CallTemplate.WatchResult, "file", firstParameter);
            case "System.IO.File" when s_fileTextOpens.Contains(name):
                return new Family(CallTemplate.WatchBaseStream, "file", firstParameter);
            case "System.IO.FileInfo" when s_fileOpens.Contains(name):
                return new Family(CallTemplate.WatchResult, "file", Receiver + ".FullName");
            case "System.IO.FileInfo" when s_fileTextOpens.Contains(name):
                return new Family(CallTemplate.WatchBaseStream, "file", Receiver + ".FullName");
            case "System.Threading.CancellationTokenSource" when name == "CreateLinkedTokenSource":
                return new Family(CallTemplate.WatchResult, "cancellation-source", "null");
            case "Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions" when name is "CreateScope" or "CreateAsyncScope":
            case "Microsoft.Extensions.DependencyInjection.IServiceScopeFactory" when name == "CreateScope":
                return new Family(CallTemplate.WatchServiceProvider, "di-scope", "null");
            case "System.Net.Sockets.TcpListener" when name == "AcceptTcpClient":
                return new Family(CallTemplate.WatchResult, "tcp-client", "null");
            case "System.Net.Sockets.TcpListener" when name == "AcceptTcpClientAsync":
                return new Family(CallTemplate.WatchResultAsync, "tcp-client", "null");
            case "System.Net.Sockets.Socket" when name == "Accept":
                return new Family(CallTemplate.WatchResult, "socket", "null");
            case "System.Net.Sockets.Socket" when name == "AcceptAsync" && IsTask(method.ReturnType):
                return new Family(CallTemplate.WatchResultAsync, "socket", "null");
            case "System.Net.Http.HttpClient":
                return MatchHttp(method);
            case "System.Net.Http.HttpContent" when name == "ReadAsStream":
                return new Family(CallTemplate.WatchResult, "http-stream", "null");
            case "System.Net.Http.HttpContent" when name == "ReadAsStreamAsync" && IsTask(method.ReturnType):
                return new Family(CallTemplate.WatchResultAsync, "http-stream", "null");
            case "System.Threading.SemaphoreSlim":
                return MatchLock(method, call, model, cancellationToken);
        }

        if (method.IsStatic)
        {
            return null;
        }

        if (DerivesFrom(type, "System.Data.Common.DbConnection"))
        {
            string database = $"global::LeakScope.AutoTrack.DatabaseName({Receiver})";
            return name switch
            {
                "Open" when method.ReturnsVoid => new Family(CallTemplate.WatchReceiver, "db-connection", database),
                "OpenAsync" when IsPlainTask(method.ReturnType) => new Family(CallTemplate.WatchReceiverAsync, "db-connection", database),
                "BeginTransaction" when method.ReturnType.IsReferenceType => new Family(CallTemplate.WatchResult, "db-transaction", database),
                "BeginTransactionAsync" when IsTask(method.ReturnType) => new Family(CallTemplate.WatchResultAsync, "db-transaction", database),
                _ => null,
            };
        }

        if (DerivesFrom(type, "System.Data.Common.DbTransaction"))
        {
            // Not Rollback(savepointName): rolling back to a savepoint does not end the transaction.
            bool plain = method.Parameters.All(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
            string committed = name.StartsWith("Commit", System.StringComparison.Ordinal) ? "true" : "false";
            return name switch
            {
                "Commit" or "Rollback" when plain && method.ReturnsVoid => new Family(CallTemplate.EndTransaction, "db-transaction", committed),
                "CommitAsync" or "RollbackAsync" when plain && IsPlainTask(method.ReturnType) => new Family(CallTemplate.EndTransactionAsync, "db-transaction", committed),
                _ => null,
            };
        }

        if (DerivesFrom(type, "System.Data.Common.DbCommand"))
        {
            string database = $"global::LeakScope.AutoTrack.DatabaseName({Receiver}.Connection)";
            return name switch
            {
                "ExecuteReader" when method.ReturnType.IsReferenceType => new Family(CallTemplate.WatchResult, "db-reader", database),
                "ExecuteReaderAsync" when IsTask(method.ReturnType) => new Family(CallTemplate.WatchResultAsync, "db-reader", database),
                _ => null,
            };
        }

        return null;
    }

    /// <summary>HttpClient's requests (the response, until disposed) and <c>GetStreamAsync</c> (the body stream); named by the request's URL without its query.</summary>
    private static Family? MatchHttp(IMethodSymbol method)
    {
        string kind = method.Name == "GetStreamAsync" ? "http-stream" : "http-response";
        if (!s_httpRequests.Contains(method.Name) && method.Name != "GetStreamAsync")
        {
            return null;
        }

        string? target = method.Parameters.Length == 0 ? null : method.Parameters[0].Type.ToDisplayString() switch
        {
            "string" or "string?" or "System.Uri" or "System.Uri?" or "System.Net.Http.HttpRequestMessage" => "@" + method.Parameters[0].Name,
            _ => null,
        };
        if (target is null)
        {
            return null;
        }

        string name = $"global::LeakScope.AutoTrack.RequestName({Receiver}, {target})";
        if (method.Name == "Send" && method.ReturnType.ToDisplayString() == "System.Net.Http.HttpResponseMessage")
        {
            return new Family(CallTemplate.WatchResult, kind, name);
        }

        return IsTask(method.ReturnType) ? new Family(CallTemplate.WatchResultAsync, kind, name) : null;
    }

    private static Family? MatchLock(IMethodSymbol method, InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (call.Expression is not MemberAccessExpressionSyntax { Expression: { } receiver })
        {
            return null;
        }

        string name = SymbolDisplay.FormatLiteral(receiver.ToString(), quote: true);
        if (method.Name == "Release")
        {
            return LockPattern.HasPartner(call, receiver, s_waits, model, cancellationToken)
                ? new Family(CallTemplate.Release, "lock", method.Parameters.Length == 1 ? "@" + method.Parameters[0].Name : "1")
                : null;
        }

        if (!s_waits.Contains(method.Name) || !LockPattern.HasPartner(call, receiver, s_releases, model, cancellationToken))
        {
            return null;
        }

        return new Family(method.ReturnsVoid ? CallTemplate.Hold : CallTemplate.HoldIfEntered, "lock", name);
    }

    private static string? TrackedKind(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == TrackedResourceAttribute
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string kind)
            {
                return kind;
            }
        }

        return null;
    }

    private static ImmutableArray<InterceptorParameter> ParametersOf(IMethodSymbol method)
    {
        ImmutableArray<InterceptorParameter>.Builder parameters = ImmutableArray.CreateBuilder<InterceptorParameter>();
        if (!method.IsStatic)
        {
            parameters.Add(new InterceptorParameter(method.ContainingType.ToDisplayString(s_typeFormat), Receiver, "this "));
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            string modifier = parameter.Ordinal == 0 && method.IsExtensionMethod ? "this " : string.Empty;
            modifier += parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => parameter.IsParams ? "params " : string.Empty,
            };
            parameters.Add(new InterceptorParameter(parameter.Type.ToDisplayString(s_typeFormat), "@" + parameter.Name, modifier));
        }

        return parameters.ToImmutable();
    }

    /// <summary>What <c>[CallerMemberName]</c> gives at the call: lambdas and local functions count as their member, accessors as their property.</summary>
    private static string CallerMember(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        ISymbol? symbol = model.GetEnclosingSymbol(call.SpanStart, cancellationToken);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol switch
        {
            IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
            null => string.Empty,
            _ => symbol.Name,
        };
    }

    private static bool IsCallableFromOutside(ISymbol symbol)
    {
        for (; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (symbol.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, string baseName)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTask(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && named.TypeArguments[0].IsReferenceType
        && named.ConstructedFrom.ToDisplayString() is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>";

    private static bool IsPlainTask(ITypeSymbol type) => type.ToDisplayString() == "System.Threading.Tasks.Task";

    private readonly record struct Family(CallTemplate Template, string Kind, string NameExpression);
}
