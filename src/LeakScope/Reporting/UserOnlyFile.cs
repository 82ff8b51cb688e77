using System.Security.Cryptography;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// A file the tool writes for the user (a report, a recording, a baseline): created under a random
/// temporary name that must not exist yet, so a planted file or symbolic link is never followed or
/// reused, readable and writable by this user only from its creation, and renamed into place only
/// once complete. Renaming replaces a link at the final path instead of writing through it.
/// Disposed without <see cref="Commit"/>, the temporary file is removed.
/// </summary>
internal sealed class UserOnlyFile : IDisposable
{
    private readonly string _what;
    private bool _committed;

    private UserOnlyFile(string path, string temporaryPath, FileStream stream, string what)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        Stream = stream;
        _what = what;
    }

    /// <summary>The final path, as the user gave it.</summary>
    public string Path { get; }

    /// <summary>Where the content is written until <see cref="Commit"/>; never shown to the user.</summary>
    public string TemporaryPath { get; }

    public FileStream Stream { get; }

    /// <summary>Creates the temporary file beside <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="what">What the file is, for error messages ("the report").</param>
    public static UserOnlyFile Create(string path, string what)
    {
        string temporary = TemporaryNameFor(path);
        try
        {
            return new UserOnlyFile(path, temporary, CreateNew(temporary), what);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, temporary, what, ex);
        }
    }

    /// <summary>Writes a whole file; on any failure nothing is left behind and the error names only <paramref name="path"/>.</summary>
    public static void Write(string path, string what, Action<Stream> write)
    {
        using UserOnlyFile file = Create(path, what);
        file.WriteAndCommit(write);
    }

    /// <summary>Moves a finished file of ours (in our private directory) to <paramref name="path"/> with the same guarantees.</summary>
    public static void MoveInto(string source, string path, string what)
    {
        string temporary = TemporaryNameFor(path);
        try
        {
            // Without overwrite the move never follows or replaces what is at the temporary name, also when it has to copy across file systems.
            File.Move(source, temporary, overwrite: false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw Failure(path, temporary, what, ex);
        }
    }

    /// <summary>Creates a new file that must not exist, mode 0600; a link at that name makes it fail rather than be followed.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>Checks, before any work starts, that <paramref name="path"/> (when given) can be created: its directory exists and it is not a directory.</summary>
    public static void RequireWritablePath(string? path)
    {
        if (path is null)
        {
            return;
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot write {path}: not a valid path.", ex);
        }

        string? directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot write {path}: the directory {directory} does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot write {path}: it is a directory.");
        }
    }

    /// <summary>Runs <paramref name="write"/> on the stream and renames the file into place; write failures (a full disk) become one clear error.</summary>
    public void WriteAndCommit(Action<Stream> write)
    {
        try
        {
            write(Stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(Path, TemporaryPath, _what, ex);
        }

        Commit();
    }

    /// <summary>Flushes the content to disk and renames the file into place.</summary>
    public void Commit()
    {
        try
        {
            if (Stream.CanWrite)
            {
                Stream.Flush(flushToDisk: true);
            }

            Stream.Dispose();
            File.Move(TemporaryPath, Path, overwrite: true);
            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(Path, TemporaryPath, _what, ex);
        }
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            Stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Flushing the rest failed (a full disk): the file is removed below anyway.
        }

        TryDelete(TemporaryPath);
    }

    /// <summary>The error for a failed write, naming the user's path, never the temporary one.</summary>
    public static LeakScopeException Failure(string path, string temporary, string what, Exception ex)
    {
        string full = System.IO.Path.GetFullPath(path);
        // The runtime's message ends with the file it failed on ("No space left on device : '…'"); the error names it already.
        string reason = ex.Message.Replace($" : '{temporary}'", string.Empty, StringComparison.Ordinal)
            .Replace($" : '{full}'", string.Empty, StringComparison.Ordinal)
            .Replace(temporary, full, StringComparison.Ordinal);
        return new LeakScopeException(ReturnCode.OutputFailed, $"Cannot write {what} to {path}: {reason}", ex);
    }

    private static string TemporaryNameFor(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        string random = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        string name = System.IO.Path.GetFileName(full);
        // Stays within the 255-byte name limit whatever the final name's length.
        return System.IO.Path.Combine(directory, $".{name[..Math.Min(name.Length, 64)]}.{random}.leakscope-tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error is what the user needs to see.
        }
    }
}
