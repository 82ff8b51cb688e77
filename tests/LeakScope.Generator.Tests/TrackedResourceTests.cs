using LeakScope.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace LeakScope.Generator.Tests;

/// <summary>The app's own factory methods marked [TrackedResource("kind")]: each call site is tracked.</summary>
public sealed class TrackedResourceTests
{
    [Fact]
    public void CallsToAMarkedFactory_AreWatchedWithItsKind_SyncAndAsync()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            using System.Threading.Tasks;
            using LeakScope;
            public static class Exports
            {
                [TrackedResource("export-file")]
                public static FileStream Open(string path) => new(path, FileMode.Create);

                [TrackedResource("export-file")]
                internal static Task<FileStream> OpenAsync(string path) => Task.FromResult(Open(path));

                [TrackedResource("private")]
                private static FileStream Hidden(string path) => new(path, FileMode.Create);

                static async Task Run()
                {
                    using FileStream a = Open("a");
                    using FileStream b = await OpenAsync("b");
                    using FileStream c = Hidden("c");
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        // Open is called twice (in OpenAsync and in Run); the private method cannot be called from the interceptor.
        Assert.Equal(3, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(global::Exports.Open(@path), \"export-file\", null, \"/src/File0.cs\", 17, \"Run\");", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.WatchAsync(global::Exports.OpenAsync(@path), \"export-file\", null, \"/src/File0.cs\", 18, \"Run\");", code, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", code, StringComparison.Ordinal);
    }

    [Fact]
    public void CallsToAMarkedFactoryOfAReferencedAssembly_AreWatched_UnmarkedMethodsOfTheSameNameAreNot()
    {
        // A referenced project's marked factory reaches the compiler as metadata, not as source.
        MetadataReference library = GeneratorRun.Library("Exports", """
            using System.IO;
            using LeakScope;
            namespace Shared;
            public static class Exports
            {
                [TrackedResource("export-file")]
                public static FileStream OpenExport(string path) => new(path, FileMode.Create);

                public static FileStream OpenPlain(string path) => new(path, FileMode.Create);
            }
            """);

        GeneratorRun run = GeneratorRun.Of(
            ["""
            using System.IO;
            using Shared;
            public static class App
            {
                static void Run()
                {
                    using FileStream a = Exports.OpenExport("a");
                    using FileStream b = Exports.OpenPlain("b");
                    using FileStream c = OpenExport(3);
                }

                // The marked factory's name, not marked: its calls are bound (by name) but not tracked.
                internal static FileStream OpenExport(int size) => new(size.ToString(), FileMode.Create);
            }
            """],
            libraries: [library]).AssertCompiles();

        Assert.Equal(1, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(global::Shared.Exports.OpenExport(@path), \"export-file\", null, \"/src/File0.cs\", 7, \"Run\");", run.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AMarkedMethodWithRefReadonlyParameters_IsForwardedItsArgumentsByReference()
    {
        // A ref readonly parameter cannot be passed on with ref (CS8329): the interceptor passes it with in.
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            using LeakScope;
            public static class Pool
            {
                [TrackedResource("pooled")]
                public static Stream Rent(in int a, ref readonly int b, ref int c) => Stream.Null;

                static void Use() { int n = 1; Rent(in n, in n, ref n); }
            }
            """).AssertCompiles();

        Assert.Equal(1, run.InterceptedCount);
        Assert.Contains("global::Pool.Rent(in @a, in @b, ref @c)", run.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkedStaticAbstractInterfaceMembers_AndCallsThroughExtensionBlocks_AreNotIntercepted()
    {
        // Neither can be called from the interceptor's class as written (CS8926; an extension block is no type):
        // intercepting them broke the app's build.
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            using LeakScope;
            public interface IFactory { [TrackedResource("made")] static abstract Stream Create(); }
            public interface IOpener { }
            public static class Extensions
            {
                extension(IOpener opener)
                {
                    [TrackedResource("opened")] public Stream Opened() => Stream.Null;
                    [TrackedResource("opened")] public static Stream Made() => Stream.Null;
                }
            }
            public static class Uses
            {
                static Stream Make<T>() where T : IFactory => T.Create();
                static void Open(IOpener opener) { opener.Opened(); IOpener.Made(); Extensions.Made(); }
                [TrackedResource("plain")] public static Stream Plain() => Stream.Null;
                static void Both() => Plain();
            }
            """).AssertCompiles();

        // Extensions.Made() calls the block's implementation method, an ordinary static method of Extensions.
        Assert.Equal(2, run.InterceptedCount);
        Assert.Contains("global::Extensions.Made()", run.Generated, StringComparison.Ordinal);
        Assert.Contains("global::Uses.Plain()", run.Generated, StringComparison.Ordinal);
    }
}
