using System.ComponentModel;
using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// Per family of resource, how its closing is seen: a probe the background worker runs on watched
/// scopes older than the age threshold (and before every snapshot), or an event the resource raises.
/// Probes read state only; they never close, open or wait on the resource.
/// </summary>
internal static class WatchRules
{
    private const string DependencyInjectionNamespace = "Microsoft.Extensions.DependencyInjection.";
    private const string EmptyHttpBodyStream = "System.Net.Http.EmptyReadStream";

    // Rules by runtime type, direct-mapped: a watch of a type seen before reads one entry instead of
    // running the family checks (a failed type check walks the type's base classes, and the stream
    // family compares type names). An entry is immutable, so a racing overwrite only costs a recheck.
    private const int TypeCacheSize = 64;
    private static readonly TypeRule?[] s_byType = new TypeRule?[TypeCacheSize];

    /// <summary>The rule for the resource's runtime type; the most specific family first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WatchRule Of(object resource)
    {
        nint typeKey = TypeKeyOf(resource);
        int bucket = (int)(typeKey >> 4) & (TypeCacheSize - 1);
        TypeRule? known = s_byType[bucket];
        return known is not null && known.TypeKey == typeKey ? known.Rule : OfUncached(resource, typeKey, bucket);
    }

    /// <summary>
    /// The address of the object's type description, which every object starts with (in CoreCLR and
    /// NativeAOT alike): one load, where <see cref="object.GetType"/> is a call and three dependent
    /// loads. A type that can be unloaded is never cached, so a cached address always stands for the
    /// same type (the descriptions of other types are never freed, so never reused).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint TypeKeyOf(object resource) =>
        Unsafe.Add(ref Unsafe.As<byte, nint>(ref Unsafe.As<RawObject>(resource).FirstByte), -1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WatchRule OfUncached(object resource, nint typeKey, int bucket)
    {
        WatchRule rule = Find(resource);

        // Every rule depends on the type alone (Stream.Null is the only instance of its type).
        if (!resource.GetType().IsCollectible)
        {
            s_byType[bucket] = new TypeRule(typeKey, rule);
        }

        return rule;
    }

    private static WatchRule Find(object resource) => resource switch
    {
        DbConnection => WatchRule.Events,
        DbDataReader => WatchRule.DataReader,
        DbTransaction => WatchRule.Transaction,
        Stream when NeverCloses(resource) => WatchRule.Unobserved,
        Stream => WatchRule.Stream,
        WaitHandle => WatchRule.WaitHandle,
        SafeHandle => WatchRule.SafeHandle,
        CancellationTokenSource => WatchRule.CancellationSource,
        TcpClient => WatchRule.TcpClient,
        Socket => WatchRule.Socket,
        HttpResponseMessage when HttpResponseState.CanRead => WatchRule.HttpResponse,
        Component => WatchRule.Events,
        IServiceProvider when IsDependencyInjection(resource) => WatchRule.ServiceScope,
        _ => WatchRule.Unobserved,
    };

    /// <summary>
    /// Whether the probe of <paramref name="rule"/> sees <paramref name="resource"/> closed; false for rules
    /// without a probe, and for a resource not of the rule's family (a sweep reading a slot unpinned may
    /// pair a rule with a later scope's resource).
    /// </summary>
    public static bool IsClosed(WatchRule rule, object resource)
    {
        try
        {
            return rule switch
            {
                WatchRule.Stream => resource is Stream { CanRead: false, CanWrite: false, CanSeek: false },
                WatchRule.SafeHandle => resource is SafeHandle { IsClosed: true },
                WatchRule.WaitHandle => resource is WaitHandle { SafeWaitHandle.IsClosed: true },
                WatchRule.DataReader => resource is DbDataReader { IsClosed: true },
                WatchRule.Transaction => resource is DbTransaction { Connection: null },
                WatchRule.CancellationSource => resource is CancellationTokenSource source && TokenThrows(source),
                WatchRule.TcpClient => resource is TcpClient { Client: null },
                WatchRule.ServiceScope => resource is IServiceProvider provider && ResolvingThrows(provider),
                WatchRule.Socket => resource is Socket socket && EndPointThrows(socket),
                WatchRule.HttpResponse => resource is HttpResponseMessage response && HttpResponseState.IsDisposed(response),
                _ => false,
            };
        }
        catch (ObjectDisposedException)
        {
            // A getter that throws because the resource is disposed answers the question too.
            return true;
        }
    }

    /// <summary>For <see cref="WatchRule.Events"/>: subscribes the handler that exits the scope when the resource says it is closed.</summary>
    public static void Subscribe(object resource, ScopeRegistry registry, int index, long id)
    {
        new WatchCloseHandler(registry, index, id).SubscribeTo(resource);
    }

    private static bool TokenThrows(CancellationTokenSource source)
    {
        _ = source.Token;
        return false;
    }

    private static bool EndPointThrows(Socket socket)
    {
        // Not SafeHandle: reading it marks the handle exposed, which changes how the socket may connect later.
        try
        {
            _ = socket.LocalEndPoint;
            return false;
        }
        catch (SocketException)
        {
            // Not disposed (that throws ObjectDisposedException), only unable to say where it is bound.
            return false;
        }
    }

    /// <summary>
    /// Streams whose Dispose does nothing, so they never look closed: <see cref="Stream.Null"/> and the
    /// shared empty body stream HttpClient hands out for a response without content (it holds no connection).
    /// </summary>
    private static bool NeverCloses(object stream) =>
        ReferenceEquals(stream, Stream.Null) || stream.GetType().FullName == EmptyHttpBodyStream;

    private static bool ResolvingThrows(IServiceProvider provider)
    {
        // A scope resolves IServiceProvider as itself: nothing is created, and a disposed one throws.
        _ = provider.GetService(typeof(IServiceProvider));
        return false;
    }

    private static bool IsDependencyInjection(object resource) =>
        resource.GetType().FullName?.StartsWith(DependencyInjectionNamespace, StringComparison.Ordinal) == true;

    private sealed record TypeRule(nint TypeKey, WatchRule Rule);

    /// <summary>Any object seen as this: its first field lies just after the object's type address.</summary>
    private sealed class RawObject
    {
        public byte FirstByte;
    }
}
