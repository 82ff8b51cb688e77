using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>
/// Each call is bound alone at its place (speculative binding, no nullable analysis): places where the
/// binder at the call differs from a method body's, pinned to what binding the whole body gave
/// (the generator before speculative binding generated the same interceptors for every case here).
/// </summary>
public sealed class BindingPlacesTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        """;

    [Fact]
    public void LambdasTypedByTheChosenOverload_AndNestedLambdas_BindTheOverloadsReceiver()
    {
        GeneratorRun run = GeneratorRun.Of(Usings + """
            static class Over
            {
                static void M(Action<SqliteConnection> a, int x) { }
                static void M(Action<DbConnection> a, long x) { }
                static T N<T>(Func<SqliteConnection, T> f, int x) => default!;
                static T N<T>(Func<DbConnection, T> f, long x) => default!;
                static void Use()
                {
                    M(c => c.BeginTransaction(), 1);
                    M(c => c.BeginTransaction(), 1L);
                    N(c => N(d => d.BeginTransaction(), 1L), 1);
                    N(c => N(d => c.BeginTransaction(), 1L), 1);
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(4, run.InterceptedCount);
        // SqliteConnection hides BeginTransaction: the lambda's parameter type decides which method is called.
        Assert.Contains("// /src/File0.cs(17,18): Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction", code, StringComparison.Ordinal);
        Assert.Contains("// /src/File0.cs(18,18): System.Data.Common.DbConnection.BeginTransaction", code, StringComparison.Ordinal);
        Assert.Contains("// /src/File0.cs(19,25): System.Data.Common.DbConnection.BeginTransaction", code, StringComparison.Ordinal);
        Assert.Contains("// /src/File0.cs(20,25): Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction", code, StringComparison.Ordinal);
    }

    [Fact]
    public void ConditionalAccess_Initializers_ConstructorArguments_Queries_AndAwaitUsing_AreBound()
    {
        GeneratorRun run = GeneratorRun.Of(Usings + """
            class Holder
            {
                public FileInfo Info = new("x");
                public SqliteConnection Conn = new();
                public FileInfo[] Infos = [];
            }
            class Base0 { public Base0(Stream s) { } public Base0(Func<Stream> f) { } }
            class Fields(string p) : Base0(File.OpenRead(p))
            {
                static readonly Stream s_field = File.OpenRead("a");
                Stream Prop { get; } = new FileInfo("b").OpenRead();
                Stream _pattern = p is { Length: > 0 } q ? File.OpenRead(q) : Stream.Null;
                static Stream s_out = int.TryParse("1", out var n) ? File.OpenRead("n" + n) : Stream.Null;
            }
            class Ctors : Base0
            {
                public Ctors(string s) : base(int.TryParse(s, out var n) ? File.OpenRead(s + n) : Stream.Null) { }
                public Ctors(int x) : base(() => File.OpenRead(x.ToString())) { }
            }
            static class Uses
            {
                static void Conditional(Holder? h, FileInfo[]? infos)
                {
                    h?.Info.OpenRead();
                    h?.Conn.BeginTransaction();
                    infos?[0].OpenRead();
                    h?.Infos[0].OpenText();
                }

                static object Queries(string[] paths, FileInfo[] infos) => new object[]
                {
                    from p in paths select File.OpenRead(p),
                    from i in infos let s = i.OpenRead() where s.CanRead select s,
                    from i in infos group i.OpenRead() by i.Name into g select g,
                };

                static async Task AwaitUsing(string p, SqliteCommand cmd)
                {
                    await using var s = File.OpenRead(p);
                    await using var r = await cmd.ExecuteReaderAsync();
                    using (var t = File.OpenRead(await Task.FromResult(p))) { }
                }
            }
            """).AssertCompiles();

        // 1 primary-constructor base argument, 4 initializers, 2 constructor arguments, 4 conditional, 3 query, 3 await/using.
        Assert.Equal(17, run.InterceptedCount);
    }

    [Fact]
    public void LockReceivers_Base_Field_Value_AndParenthesized_AreOneSemaphore()
    {
        GeneratorRun run = GeneratorRun.Of(Usings + """
            class Gate : SemaphoreSlim
            {
                public Gate() : base(1) { }
                void A() { base.Wait(); base.Release(); }
                SemaphoreSlim Prop { get { field.Wait(); field.Release(); return field; } } = new(1);
                SemaphoreSlim Setter { set { value.Wait(); value.Release(); } }
                void Paren(SemaphoreSlim g) { ((g)).Wait(); g!.Release(); }
                void Lambdas(SemaphoreSlim g) { Action w = () => g.Wait(); Action r = () => g.Release(); }
            }
            """).AssertCompiles();

        // Waited and released in different lambdas: a signal, not a lock (as in one method's two bodies).
        Assert.Equal(8, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.Held(@this, \"base\",", run.Generated, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Held(@this, \"field\",", run.Generated, StringComparison.Ordinal);
    }
}
