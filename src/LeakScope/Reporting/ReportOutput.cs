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

        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = CreateUserOnly(temporary))
            using (var writer = new StreamWriter(stream))
            {
                Render(report, format, writer);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new LeakScopeException(ReturnCode.UsageError, $"Cannot write the report to {path}: {ex.Message}", ex);
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
