using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LeakScope.Generator.Tests.Support;

/// <summary>
/// Runs the generator on sources with CSharpGeneratorDriver, as the compiler would with the package's
/// props (the switch as a build property, the interceptors namespace as a parse feature), and compiles the result.
/// </summary>
internal sealed class GeneratorRun
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", "LeakScope.AutoTracking")]);

    private static readonly ImmutableArray<MetadataReference> s_references = CreateReferences();

    private static readonly CSharpCompilationOptions s_options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        // As the SDK does (NoWarn 1701;1702): the packages were built against older framework versions.
        .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    private GeneratorRun(GeneratorDriver driver, Compilation input, Compilation output)
    {
        Driver = driver;
        Input = input;
        Output = output;
    }

    public GeneratorDriver Driver { get; }

    public Compilation Input { get; }

    public Compilation Output { get; }

    /// <summary>The generated interceptors, or null when nothing was generated.</summary>
    public string? Generated => Driver.GetRunResult().GeneratedTrees.SingleOrDefault()?.ToString();

    /// <summary>How many calls were intercepted.</summary>
    public int InterceptedCount => Generated is { } code ? code.Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Length - 1 : 0;

    public static GeneratorRun Of(string source, bool autoTrack = true, bool withRuntime = true) =>
        Of([source], autoTrack, withRuntime);

    public static GeneratorRun Of(string[] sources, bool autoTrack = true, bool withRuntime = true, MetadataReference[]? libraries = null)
    {
        var compilation = CSharpCompilation.Create(
            "App",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/src/File{index}.cs")),
            [.. withRuntime ? s_references : [.. s_references.Where(r => !r.Display!.EndsWith("LeakScope.Runtime.dll", StringComparison.Ordinal))], .. libraries ?? []],
            s_options);
        var properties = new Dictionary<string, string>();
        if (autoTrack)
        {
            properties["build_property.LeakScopeAutoTrack"] = "true";
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new AutoTrackGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new SwitchOptions(properties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return new GeneratorRun(driver, compilation, output);
    }

    /// <summary>A library compiled from <paramref name="source"/> (referencing what the app does), as a referenced project's assembly reaches the compiler.</summary>
    public static MetadataReference Library(string name, string source)
    {
        CSharpCompilation library = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/lib/{name}.cs")], s_references, s_options);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = library.Emit(image);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: $"/lib/{name}.dll");
    }

    /// <summary>Runs the same driver again on an edited compilation, as an IDE or a rebuild would.</summary>
    public GeneratorRun Rerun(Compilation edited)
    {
        GeneratorDriver driver = Driver.RunGeneratorsAndUpdateCompilation(edited, out Compilation output, out _);
        return new GeneratorRun(driver, edited, output);
    }

    /// <summary>Asserts the app with its interceptors compiles with no error and no warning (interceptors that do not match their call are errors).</summary>
    public GeneratorRun AssertCompiles()
    {
        Diagnostic[] problems = [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
        Assert.True(problems.Length == 0, string.Join('\n', problems.Select(d => d.ToString())) + "\n" + Generated);
        return this;
    }

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] packages =
        [
            typeof(Scope).Assembly.Location,
            typeof(SqliteConnection).Assembly.Location,
            typeof(IServiceScope).Assembly.Location,
            typeof(ServiceCollection).Assembly.Location,
        ];
        return [.. platform.Concat(packages).Distinct().Select(path => MetadataReference.CreateFromFile(path))];
    }
}
