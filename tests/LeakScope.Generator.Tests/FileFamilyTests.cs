using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>File and FileInfo opens are watched as "file", named by their path.</summary>
public sealed class FileFamilyTests
{
    [Fact]
    public void FileOpens_AreWatchedByPath_TextOnesThroughTheirBaseStream()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            static class App
            {
                static void Run(string path)
                {
                    using var a = File.OpenRead(path);
                    using var b = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                    using var c = File.Create(path);
                    using var d = File.OpenWrite(path);
                    using var e = File.OpenText(path);
                    using var f = File.AppendText(path);
                    using var g = new FileInfo(path).OpenRead();
                    using var h = new FileInfo(path).CreateText();
                    File.WriteAllText(path, "not an open: not tracked");
                }
            }
            """).AssertCompiles();

        Assert.Equal(8, run.InterceptedCount);
        string code = run.Generated!;
        Assert.Contains("global::LeakScope.AutoTrack.Watch(global::System.IO.File.OpenRead(@path), \"file\", @path, \"/src/File0.cs\", 6, \"Run\");", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(result.BaseStream, \"file\", @path, \"/src/File0.cs\", 10, \"Run\");", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(@this.OpenRead(), \"file\", @this.FullName, \"/src/File0.cs\", 12, \"Run\");", code, StringComparison.Ordinal);
        Assert.DoesNotContain("WriteAllText", code, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallOnSeveralLines_IsTrackedAtTheLineOfItsMethodName()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.IO;
            static class App
            {
                static Stream Open(string path) => File
                    .OpenRead(
                        path);
            }
            """).AssertCompiles();

        Assert.Contains("\"/src/File0.cs\", 5, \"Open\")", run.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMember_IsWhatCallerMemberNameGives_NotALambdaOrLocalFunction()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System;
            using System.IO;
            class App
            {
                Stream Property => File.OpenRead("p");

                void Method()
                {
                    Func<Stream> open = () => File.OpenRead("l");
                    Stream Local() => File.OpenRead("f");
                    open().Dispose();
                    Local().Dispose();
                }
            }
            """).AssertCompiles();

        Assert.Contains("5, \"Property\")", run.Generated, StringComparison.Ordinal);
        Assert.Contains("9, \"Method\")", run.Generated, StringComparison.Ordinal);
        Assert.Contains("10, \"Method\")", run.Generated, StringComparison.Ordinal);
    }
}
