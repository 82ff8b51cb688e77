using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LeakScope.Generator;

/// <summary>
/// With <c>&lt;LeakScopeAutoTrack&gt;true&lt;/LeakScopeAutoTrack&gt;</c>, intercepts every call in the
/// project's source to an auto-tracked family and tracks it as a scope at the call's file and line.
/// Off, or without LeakScope.Runtime referenced, it emits nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoTrackGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for tests of the pipeline's caching.</summary>
    public const string CallsStep = "LeakScope.Calls";

    /// <summary>The step that collects every call of the project.</summary>
    public const string CollectedStep = "LeakScope.Collected";

    private const string SwitchProperty = "build_property.LeakScopeAutoTrack";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<bool> enabled = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(SwitchProperty, out string? value)
                && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase));

        IncrementalValueProvider<bool> hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("LeakScope.AutoTrack") is not null);

        IncrementalValueProvider<ImmutableArray<InterceptedCall>> calls = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => CallClassifier.IsCandidate(node), CallClassifier.Classify)
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .WithTrackingName(CallsStep)
            .Collect()
            .WithTrackingName(CollectedStep);

        context.RegisterSourceOutput(calls.Combine(enabled.Combine(hasRuntime)), static (output, input) =>
        {
            (ImmutableArray<InterceptedCall> found, (bool on, bool runtime)) = input;
            if (!on || !runtime || found.IsEmpty)
            {
                return;
            }

            output.AddSource("LeakScope.AutoTrack.g.cs", InterceptorWriter.Write(found.OrderBy(c => c.File, System.StringComparer.Ordinal).ThenBy(c => c.Line).ThenBy(c => c.Data, System.StringComparer.Ordinal)));
        });
    }
}
