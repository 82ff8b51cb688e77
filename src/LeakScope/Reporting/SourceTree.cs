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
        // A path is data from the target: one the file system could not hold has no place in the tree.
        if (file.Length == 0 || file.Contains('\0', StringComparison.Ordinal))
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

    /// <summary>The trimmed text of a 1-based line, or null when the file is not in the source tree or not readable.</summary>
    /// <remarks>
    /// Only files under the root are read: the path comes from the target, and a run as root must not
    /// copy a line of any file the target names (/etc/shadow) into a baseline or report.
    /// </remarks>
    public string? LineText(string file, int line)
    {
        if (Relative(file) is not { } relative)
        {
            return null;
        }

        string path = Path.GetFullPath(Path.Combine(Root, relative));
        if (!path.StartsWith(Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

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
