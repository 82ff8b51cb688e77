namespace LeakScope.AutoTrackCorpus;

/// <summary>File and FileInfo opens: closed by using, by Dispose, by their reader or writer; or left open (on a file of their own, which they only read).</summary>
internal static class Files
{
    public static void Run(string work)
    {
        string path = Path.Combine(work, "data.txt");
        using (FileStream created = File.Create(path))
        {
            created.WriteByte(42);
        }

        using (var reader = new StreamReader(File.OpenRead(path)))
        {
            _ = reader.ReadToEnd();
        }

        FileStream disposed = File.Open(path, FileMode.Open, FileAccess.Read);
        disposed.Dispose();

        using (StreamWriter appended = File.AppendText(path))
        {
            appended.Write('x');
        }

        var info = new FileInfo(path);
        using (StreamReader text = info.OpenText())
        {
            _ = text.ReadToEnd();
        }

        string leaked = Path.Combine(work, "leaked.txt");
        File.WriteAllText(leaked, "left open");
        Leaks.Keep(File.OpenRead(leaked)); // LEAK: file
        Leaks.Keep(File.OpenText(leaked)); // LEAK: file
        Leaks.Keep(new FileInfo(leaked).OpenRead()); // LEAK: file
    }
}
