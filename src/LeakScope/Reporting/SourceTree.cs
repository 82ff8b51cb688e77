namespace LeakScope.Cli.Reporting;

/// <summary>
/// The checkout that leak sites are reported against: turns the file paths compiled into call sites
/// into paths relative to it, and reads the line that opened a scope.
/// </summary>
internal sealed class SourceTree
{
    // Deterministic CI builds map the source root to "/_/" in compiled paths.
    private const string DeterministicRoot = "/_/";

    private readonly Dictionary<string, string[]?> _lines = new(StringComparer.Ordinal);

    public SourceTree(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The git work tree holding <paramref name="directory"/>, or the directory itself outside any.</summary>
    public static string DefaultRoot(string directory)
    {
        for (DirectoryInfo? current = new(directory); current is not null; current = current.Parent)
        {
            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                return current.FullName;
            }
        }

        return Path.GetFullPath(directory);
    }

    /// <summary>The path relative to the root with '/' separators, or null for a file outside it.</summary>
    public string? Relative(string file)
    {
        if (file.Length == 0)
        {
            return null;
        }

        if (file.StartsWith(DeterministicRoot, StringComparison.Ordinal))
        {
            return file[DeterministicRoot.Length..];
        }

        if (!Path.IsPathFullyQualified(file))
        {
            return file.Replace('\\', '/');
        }

        string relative = Path.GetRelativePath(Root, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? null : relative.Replace('\\', '/');
    }

    /// <summary>The path used in signatures and reports: relative when possible, as compiled otherwise.</summary>
    public string Display(string file) => Relative(file) ?? file.Replace('\\', '/');

    /// <summary>The trimmed text of a 1-based line, or null when the file is not readable here.</summary>
    public string? LineText(string file, int line)
    {
        string? relative = Relative(file);
        string path = relative is not null ? Path.Combine(Root, relative) : file;
        if (!_lines.TryGetValue(path, out string[]? lines))
        {
            try
            {
                lines = File.Exists(path) ? File.ReadAllLines(path) : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lines = null;
            }

            _lines[path] = lines;
        }

        return lines is not null && line >= 1 && line <= lines.Length && lines[line - 1].Trim() is { Length: > 0 } text
            ? SiteSignature.Normalize(text)
            : null;
    }
}
