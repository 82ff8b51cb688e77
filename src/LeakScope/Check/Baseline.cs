using System.Text.Json;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>A file of known leak sites (<c>--baseline</c>); leaks there are reported as suppressed, not as failures.</summary>
internal sealed class Baseline
{
    public const int FormatVersion = 1;

    private Baseline(IReadOnlyList<BaselineEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<BaselineEntry> Entries { get; }

    public static Baseline Empty { get; } = new([]);

    public static Baseline Of(IReadOnlyList<BaselineEntry> entries) => new(entries);

    public static Baseline Load(string path)
    {
        try
        {
            BaselineDocument? document = JsonSerializer.Deserialize(File.ReadAllBytes(path), BaselineJsonContext.Default.BaselineDocument);
            // The serializer does not enforce non-nullable properties: an entry without its kind, file
            // or member would only fail later, as an internal error while writing the report.
            if (document is null || document.Version != FormatVersion || document.Sites?.Any(e => e is null || e.Kind is null || e.File is null || e.Member is null) == true)
            {
                throw new LeakScopeException(ReturnCode.UsageError, $"Baseline {path} is not a LeakScope baseline of version {FormatVersion}.");
            }

            return new Baseline(document.Sites ?? []);
        }
        catch (FileNotFoundException ex)
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"Baseline {path} does not exist (write one with --update-baseline).", ex);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot read baseline {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the sites as the new baseline, sorted so the file diffs well under version control.</summary>
    public static void Save(string path, IEnumerable<BaselineEntry> sites)
    {
        var document = new BaselineDocument(FormatVersion, [.. sites.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Kind, StringComparer.Ordinal)]);
        UserOnlyFile.Write(path, "the baseline", stream => JsonSerializer.Serialize(stream, document, BaselineJsonContext.Default.BaselineDocument));
    }

    /// <summary>The entry accepting a site: same kind, file and member, and the same source line (or line number without source).</summary>
    public BaselineEntry? Match(string kind, string relativeFile, string member, string? source, int line) =>
        Entries.FirstOrDefault(e =>
            e.Kind == kind && e.File == relativeFile && e.Member == member
            && (e.Source is not null && source is not null ? e.Source == source : e.Line == line));
}
