using System.Text.Json;

namespace LeakScope.Cli.Reporting;

/// <summary>Writes a report to the console or to a file that only the current user can read.</summary>
internal static class ReportOutput
{
    public static void Write(LeakReport report, ReportFormat format, string? path, TextWriter console)
    {
        if (path is null)
        {
            Render(report, format, console);
            return;
        }

        WriteUserOnly(path, "the report", stream =>
        {
            using var writer = new StreamWriter(stream);
            Render(report, format, writer);
        });
    }

    /// <summary>Writes a file readable by this user only, under a temporary name renamed once complete, so a reader never sees half of it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the error message.</param>
    /// <param name="write">Writes the content.</param>
    public static void WriteUserOnly(string path, string what, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (FileStream stream = CreateUserOnly(temporary))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot write {what} to {path}: {ex.Message}", ex);
        }
    }

    public static FileStream CreateUserOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private static void Render(LeakReport report, ReportFormat format, TextWriter writer)
    {
        if (format == ReportFormat.Json)
        {
            writer.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.LeakReport));
        }
        else
        {
            TextReportWriter.Write(report, writer);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing else to do: the original error is what the user needs to see.
        }
    }
}
