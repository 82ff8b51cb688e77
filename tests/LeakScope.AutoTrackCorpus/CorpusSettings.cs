namespace LeakScope.AutoTrackCorpus;

/// <summary>Bound by the configuration binder's generated code.</summary>
internal sealed class CorpusSettings
{
    public string Name { get; set; } = string.Empty;
}
