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

    private const string ConnectionName = "global::LeakScope.AutoTrack.DatabaseName(" + Receiver + ")";
    private const string CommandConnectionName = "global::LeakScope.AutoTrack.DatabaseName(" + Receiver + ".Connection)";

    private static readonly string[] s_fileOpens = ["Open", "OpenRead", "OpenWrite", "Create"];
    private static readonly string[] s_fileTextOpens = ["OpenText", "CreateText", "AppendText"];
    private static readonly string[] s_waits = ["Wait", "WaitAsync"];
    private static readonly string[] s_releases = ["Release"];
    private static readonly string[] s_httpRequests = ["GetAsync", "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync", "SendAsync", "Send", "GetStreamAsync"];

    /// <summary>
    /// Every family, as the one table both the syntax filter (<see cref="FamilyNames"/>) and the
    /// classification read, so a call the classification would track is never filtered out: first
    /// the rule whose type and name fit the bound method decides (null: not tracked).
    /// </summary>
    private static readonly FamilyRule[] s_rules =
    [
        Exact("System.IO.File", s_fileOpens, static m => new Family(CallTemplate.WatchResult, "file", FirstParameter(m))),
        Exact("System.IO.File", s_fileTextOpens, static m => new Family(CallTemplate.WatchBaseStream, "file", FirstParameter(m))),
        Exact("System.IO.FileInfo", s_fileOpens, static _ => new Family(CallTemplate.WatchResult, "file", Receiver + ".FullName")),
        Exact("System.IO.FileInfo", s_fileTextOpens, static _ => new Family(CallTemplate.WatchBaseStream, "file", Receiver + ".FullName")),
        Exact("System.Threading.CancellationTokenSource", ["CreateLinkedTokenSource"], static _ => new Family(CallTemplate.WatchResult, "cancellation-source", "null")),
        Exact("Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions", ["CreateScope", "CreateAsyncScope"], static _ => new Family(CallTemplate.WatchServiceProvider, "di-scope", "null")),
        Exact("Microsoft.Extensions.DependencyInjection.IServiceScopeFactory", ["CreateScope"], static _ => new Family(CallTemplate.WatchServiceProvider, "di-scope", "null")),
        Exact("System.Net.Sockets.TcpListener", ["AcceptTcpClient"], static _ => new Family(CallTemplate.WatchResult, "tcp-client", "null")),
        Exact("System.Net.Sockets.TcpListener", ["AcceptTcpClientAsync"], static _ => new Family(CallTemplate.WatchResultAsync, "tcp-client", "null")),
        Exact("System.Net.Sockets.Socket", ["Accept"], static _ => new Family(CallTemplate.WatchResult, "socket", "null")),
        Exact("System.Net.Sockets.Socket", ["AcceptAsync"], static m => IsTask(m.ReturnType) ? new Family(CallTemplate.WatchResultAsync, "socket", "null") : null),
        Exact("System.Net.Http.HttpClient", s_httpRequests, MatchHttp),
        Exact("System.Net.Http.HttpContent", ["ReadAsStream"], static _ => new Family(CallTemplate.WatchResult, "http-stream", "null")),
        Exact("System.Net.Http.HttpContent", ["ReadAsStreamAsync"], static m => IsTask(m.ReturnType) ? new Family(CallTemplate.WatchResultAsync, "http-stream", "null") : null),
        new("System.Threading.SemaphoreSlim", Derived: false, [.. s_waits, .. s_releases], MatchLock),
        Derived("System.Data.Common.DbConnection", ["Open"], static m => m.ReturnsVoid ? new Family(CallTemplate.WatchReceiver, "db-connection", ConnectionName) : null),
        Derived("System.Data.Common.DbConnection", ["OpenAsync"], static m => IsPlainTask(m.ReturnType) ? new Family(CallTemplate.WatchReceiverAsync, "db-connection", ConnectionName) : null),
        Derived("System.Data.Common.DbConnection", ["BeginTransaction"], static m => m.ReturnType.IsReferenceType ? new Family(CallTemplate.WatchResult, "db-transaction", ConnectionName) : null),
        Derived("System.Data.Common.DbConnection", ["BeginTransactionAsync"], static m => IsTask(m.ReturnType) ? new Family(CallTemplate.WatchResultAsync, "db-transaction", ConnectionName) : null),
        Derived("System.Data.Common.DbTransaction", ["Commit", "Rollback", "CommitAsync", "RollbackAsync"], MatchTransactionEnd),
        Derived("System.Data.Common.DbCommand", ["ExecuteReader"], static m => m.ReturnType.IsReferenceType ? new Family(CallTemplate.WatchResult, "db-reader", CommandConnectionName) : null),
        Derived("System.Data.Common.DbCommand", ["ExecuteReaderAsync"], static m => IsTask(m.ReturnType) ? new Family(CallTemplate.WatchResultAsync, "db-reader", CommandConnectionName) : null),
    ];

    /// <summary>The names of every family's methods: only calls of these names (or of a <c>[TrackedResource]</c> method's) are bound.</summary>
    public static readonly ImmutableHashSet<string> FamilyNames = s_rules.SelectMany(rule => rule.Names).ToImmutableHashSet(System.StringComparer.Ordinal);

    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The syntax filter, before anything is bound: a call whose method name is a family's. Binding a
    /// call (with nullable analysis, its whole method body) is the generator's cost, so the project's
    /// other calls are never bound here; calls of <c>[TrackedResource]</c> methods are found by name too
    /// (<see cref="IsOtherCall"/>).
    /// </summary>
    public static bool IsFamilyCall(SyntaxNode node) => InvokedName(node) is { } name && FamilyNames.Contains(name);

    /// <summary>A call through a name that is not a family's (it may be a <c>[TrackedResource]</c> method's).</summary>
    public static bool IsOtherCall(SyntaxNode node) => InvokedName(node) is { } name && !FamilyNames.Contains(name);

    /// <summary>The invoked method's name as written (<c>M</c> of <c>x.M()</c>, <c>M()</c>, <c>x.M&lt;T&gt;()</c>); null for a node that is no such call.</summary>
    public static string? InvokedName(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
        _ => null,
    };

    public static InterceptedCall? Classify(GeneratorSyntaxContext context, CancellationToken cancellationToken) =>
        Classify((InvocationExpressionSyntax)context.Node, BindingModels.For(context.SemanticModel), cancellationToken);

    public static InterceptedCall? Classify(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (BindingModels.SymbolOf(model, call) is not IMethodSymbol bound)
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

        // Neither can be named from the interceptor's class: a static abstract or virtual interface member is
        // called only through a type parameter (CS8926), and an extension block is no type to call through.
        if (method.ContainingType.IsExtension
            || (method.IsStatic && method.ContainingType.TypeKind == TypeKind.Interface && (method.IsAbstract || method.IsVirtual)))
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

        foreach (FamilyRule rule in s_rules)
        {
            if (rule.Names.Contains(method.Name) && rule.Applies(method))
            {
                return rule.Match(method, call, model, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>The transaction's ends; not Rollback(savepointName): rolling back to a savepoint does not end the transaction.</summary>
    private static Family? MatchTransactionEnd(IMethodSymbol method)
    {
        bool plain = method.Parameters.All(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
        string committed = method.Name.StartsWith("Commit", System.StringComparison.Ordinal) ? "true" : "false";
        return method.Name switch
        {
            "Commit" or "Rollback" when plain && method.ReturnsVoid => new Family(CallTemplate.EndTransaction, "db-transaction", committed),
            "CommitAsync" or "RollbackAsync" when plain && IsPlainTask(method.ReturnType) => new Family(CallTemplate.EndTransactionAsync, "db-transaction", committed),
            _ => null,
        };
    }

    /// <summary>HttpClient's requests (the response, until disposed) and <c>GetStreamAsync</c> (the body stream); named by the request's URL without its query.</summary>
    private static Family? MatchHttp(IMethodSymbol method)
    {
        string kind = method.Name == "GetStreamAsync" ? "http-stream" : "http-response";
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
            if (attribute.AttributeClass?.ToDisplayString() == TrackedResourceNames.AttributeName
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

    private static string FirstParameter(IMethodSymbol method) => method.Parameters.Length > 0 ? "@" + method.Parameters[0].Name : "null";

    private static FamilyRule Exact(string type, string[] names, System.Func<IMethodSymbol, Family?> match) =>
        new(type, Derived: false, names, (method, _, _, _) => match(method));

    /// <summary>An instance method of a type deriving from <paramref name="type"/>: providers hide base methods (see the class remarks).</summary>
    private static FamilyRule Derived(string type, string[] names, System.Func<IMethodSymbol, Family?> match) =>
        new(type, Derived: true, names, (method, _, _, _) => match(method));

    private readonly record struct Family(CallTemplate Template, string Kind, string NameExpression);

    /// <summary>Calls named one of <paramref name="Names"/> of <paramref name="Type"/> (or, <paramref name="Derived"/>, instance calls of a type deriving from it).</summary>
    private sealed record FamilyRule(string Type, bool Derived, string[] Names, System.Func<IMethodSymbol, InvocationExpressionSyntax, SemanticModel, CancellationToken, Family?> Match)
    {
        public bool Applies(IMethodSymbol method) => Derived
            ? !method.IsStatic && DerivesFrom(method.ContainingType, Type)
            : method.ContainingType.ToDisplayString() == Type;
    }
}
