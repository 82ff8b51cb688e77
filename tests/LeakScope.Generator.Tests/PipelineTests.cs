using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>The switch, and the incremental pipeline: an edit that touches no tracked call reuses every step.</summary>
public sealed class PipelineTests
{
    private const string Tracked = """
        using System.IO;
        static class Tracked
        {
            static Stream Open(string path) => File.OpenRead(path);
        }
        """;

    private const string Unrelated = """
        static class Unrelated
        {
            static int Twice(int value) => value * 2;
        }
        """;

    [Fact]
    public void WithoutTheSwitch_NothingIsGenerated()
    {
        Assert.Null(GeneratorRun.Of(Tracked, autoTrack: false).AssertCompiles().Generated);
    }

    [Fact]
    public void WithoutTheRuntimeReferenced_NothingIsGenerated()
    {
        Assert.Null(GeneratorRun.Of(Tracked, withRuntime: false).AssertCompiles().Generated);
    }

    [Fact]
    public void AnUnrelatedEdit_ReusesEveryStep_AndTheGeneratedSource()
    {
        GeneratorRun first = GeneratorRun.Of([Tracked, Unrelated]);
        Assert.Equal(1, first.InterceptedCount);

        SyntaxTree before = first.Input.SyntaxTrees.Single(t => t.ToString().Contains("Twice", StringComparison.Ordinal));
        SyntaxTree after = CSharpSyntaxTree.ParseText(Unrelated.Replace("value * 2", "value + value", StringComparison.Ordinal), GeneratorRun.ParseOptions, path: before.FilePath);
        GeneratorRun second = first.Rerun(first.Input.ReplaceSyntaxTree(before, after));

        GeneratorRunResult result = second.Driver.GetRunResult().Results.Single();
        IncrementalStepRunReason[] calls = [.. result.TrackedSteps[AutoTrackGenerator.CallsStep].SelectMany(step => step.Outputs).Select(output => output.Reason)];
        Assert.NotEmpty(calls);
        Assert.All(calls, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        Assert.All(
            result.TrackedSteps[AutoTrackGenerator.CollectedStep].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        // The marked-method calls are bound again with each compilation (none here, so nothing is bound): the result is equal, so nothing after it runs.
        Assert.All(
            result.TrackedSteps[AutoTrackGenerator.MarkedCallsStep].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        // The referenced names, computed again with the compilation, are equal, so the union step is not run (a step that did not run is not listed).
        Assert.All(
            result.TrackedSteps.GetValueOrDefault(AutoTrackGenerator.MarkedNamesStep, []).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Equal(first.Generated, second.Generated);
    }

    [Fact]
    public void OnlyCallsOfAFamilysName_ReachBinding()
    {
        // Binding is the generator's cost: the project's other calls (LINQ, strings, collections, tasks) are
        // never bound. Calls of other names are kept as syntax for the [TrackedResource] names only.
        GeneratorRun run = GeneratorRun.Of([Tracked, """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            static class Plain
            {
                static async Task<string> Run(List<int> items)
                {
                    items.Add(items.Count);
                    await Task.Delay(1);
                    Console.WriteLine(items.Where(i => i > 1).Sum());
                    return string.Join(",", items.Select(i => i.ToString()).ToList<string>());
                }
            }
            """]).AssertCompiles();

        SyntaxNode[] calls = [.. run.Input.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes()).Where(node => node is InvocationExpressionSyntax)];
        Assert.Equal(10, calls.Length);
        Assert.Equal(["OpenRead"], calls.Where(CallClassifier.IsFamilyCall).Select(CallClassifier.InvokedName));
        Assert.Equal(9, calls.Count(CallClassifier.IsOtherCall));
        Assert.Equal(1, run.InterceptedCount);
    }

    [Fact]
    public void CallsAreBoundWithoutNullableAnalysis_ByOneModelPerTree()
    {
        // Nullable analysis of every bound method body was most of the generator's cost (docs/performance.md).
        Compilation compilation = GeneratorRun.Of(Tracked).Input;
        SyntaxTree tree = compilation.SyntaxTrees.Single();

        SemanticModel model = BindingModels.For(compilation.GetSemanticModel(tree));

#pragma warning disable RSEXPERIMENTAL001 // The flag the generator's models are made with.
        Assert.True(model.NullableAnalysisIsDisabled);
        Assert.False(compilation.GetSemanticModel(tree).NullableAnalysisIsDisabled);
#pragma warning restore RSEXPERIMENTAL001
        Assert.Same(model, BindingModels.For(compilation.GetSemanticModel(tree)));
        Assert.Same(model, BindingModels.For(compilation, tree));
        Assert.NotSame(model, BindingModels.For(compilation.Clone(), tree));
    }

    [Fact]
    public void EachCallIsBoundAtItsPlace_LambdaParameters_VarLocals_PatternAndLoopVariables_AndShadowingTypes()
    {
        // Only the call and its receiver are bound (not the method body), by the binder at the call's place.
        GeneratorRun run = GeneratorRun.Of([
            """
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            static class Contexts
            {
                static List<Stream> Many(string[] paths) => paths.Select(p => File.OpenRead(p)).ToList<Stream>();
                static Stream Var(string path) { var info = new FileInfo(path); return info.OpenRead(); }
                static Stream Pattern(object o) => o is FileInfo { Exists: true } info ? info.OpenRead() : Stream.Null;
                static void Loop(FileInfo[] infos) { foreach (var info in infos) { info.OpenRead().Dispose(); } }
                static void Lock(SemaphoreSlim gate) { System.Action locked = () => { gate.Wait(); try { } finally { gate.Release(); } }; locked(); }
            }
            """,
            """
            namespace Mine
            {
                static class File
                {
                    public static System.IO.Stream OpenRead(string path) => System.IO.Stream.Null;
                }

                static class Caller
                {
                    static System.IO.Stream Open() => File.OpenRead("not System.IO.File");
                }
            }
            """]).AssertCompiles();

        Assert.Equal(6, run.InterceptedCount);
        Assert.DoesNotContain("not System.IO.File", run.Generated, StringComparison.Ordinal);
        Assert.Contains("/src/File0.cs(8,", run.Generated, StringComparison.Ordinal); // the call in the lambda
    }

    [Fact]
    public void CallsOfAMarkedMethodInAnotherFile_AreTrackedUntilItsMarkIsRemoved()
    {
        const string factory = """
            using System.IO;
            using LeakScope;
            public static class Exports
            {
                [TrackedResource("export-file")]
                public static FileStream OpenExport(string path) => new(path, FileMode.Create);
            }
            """;
        const string caller = """
            using System.IO;
            static class Caller
            {
                static void Run()
                {
                    using FileStream export = Exports.OpenExport("a");
                }
            }
            """;
        GeneratorRun first = GeneratorRun.Of([factory, caller]).AssertCompiles();
        Assert.Equal(1, first.InterceptedCount);
        Assert.Contains("\"export-file\", null, \"/src/File1.cs\", 6, \"Run\");", first.Generated, StringComparison.Ordinal);

        SyntaxTree before = first.Input.SyntaxTrees.First();
        SyntaxTree after = CSharpSyntaxTree.ParseText(factory.Replace("[TrackedResource(\"export-file\")]", string.Empty, StringComparison.Ordinal), GeneratorRun.ParseOptions, path: before.FilePath);
        GeneratorRun second = first.Rerun(first.Input.ReplaceSyntaxTree(before, after)).AssertCompiles();

        Assert.Null(second.Generated);
    }

    [Fact]
    public void AnEditThatMovesATrackedCall_RegeneratesItsLine()
    {
        GeneratorRun first = GeneratorRun.Of([Tracked, Unrelated]);
        SyntaxTree before = first.Input.SyntaxTrees.First();
        SyntaxTree after = CSharpSyntaxTree.ParseText("\n" + Tracked, GeneratorRun.ParseOptions, path: before.FilePath);

        GeneratorRun second = first.Rerun(first.Input.ReplaceSyntaxTree(before, after)).AssertCompiles();

        Assert.Contains("\"/src/File0.cs\", 4, \"Open\")", first.Generated, StringComparison.Ordinal);
        Assert.Contains("\"/src/File0.cs\", 5, \"Open\")", second.Generated, StringComparison.Ordinal);
    }

    [Fact]
    public void InterceptorsOfAnotherGeneratorInTheSameCompilation_DoNotCollide()
    {
        // Another generator's interceptors bring their own file-local InterceptsLocationAttribute, as
        // ASP.NET Core's and the configuration binder's do; ours is file-local too, so both compile.
        const string other = """
            namespace System.Runtime.CompilerServices
            {
                [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]
                file sealed class InterceptsLocationAttribute : global::System.Attribute
                {
                    public InterceptsLocationAttribute(int version, string data) { _ = version; _ = data; }
                }
            }

            namespace LeakScope.AutoTracking
            {
                file static class AutoTrackInterceptors
                {
                }
            }
            """;

        GeneratorRun run = GeneratorRun.Of([Tracked, other]).AssertCompiles();

        Assert.Equal(1, run.InterceptedCount);
    }
}
