using System.Data.Common;
using LeakScope.Testing.FakeData;

namespace LeakScope.TestApp;

/// <summary>
/// Resources followed with <see cref="Scope.Watch"/>, "watch": some closed by their owner or without
/// being disposed (a file by its StreamReader, a reader by closing its connection, a transaction
/// committed, a connection closed, a connection never opened or disposed before it was watched),
/// which are not leaks, and a file, a reader and a connection opened after it was watched, really
/// left open, which are. Every resource stays reachable, so only closing, never collection, decides.
/// </summary>
internal static class WatchedResources
{
    private static readonly List<object> s_kept = [];

    public static void Run(string[] args, TextWriter output)
    {
        // Closed by their owners or without Dispose: none of these is a leak.
        var reader = new StreamReader(Scope.Watch(OpenUnlinkedFile(), "file", "owned.txt")); SiteReport.Write(output, "closed-file");
        reader.Dispose();

        var connection = Scope.Watch(new FakeConnection(), "db-connection", "orders"); SiteReport.Write(output, "closed-connection");
        connection.Open();
        DbDataReader rows = Scope.Watch(connection.ExecuteReader(), "db-reader", "orders"); SiteReport.Write(output, "closed-reader");
        DbTransaction committed = Scope.Watch(connection.BeginTransaction(), "db-transaction", "orders"); SiteReport.Write(output, "closed-transaction");
        committed.Commit();
        connection.Close();
        s_kept.AddRange([reader, connection, rows, committed]);

        // Closed when watched: never opened, or already disposed; neither can ever raise its closing event.
        var neverOpened = Scope.Watch(new FakeConnection(), "db-connection", "never-opened"); SiteReport.Write(output, "closed-never-opened");
        var disposedBefore = new FakeConnection();
        disposedBefore.Open();
        disposedBefore.Dispose();
        Scope.Watch(disposedBefore, "db-connection", "disposed-before"); SiteReport.Write(output, "closed-disposed-before");
        s_kept.AddRange([neverOpened, disposedBefore]);

        // Really left open: these are the leaks.
        FileStream leaked = Scope.Watch(OpenUnlinkedFile(), "file", "leaked.txt"); SiteReport.Write(output, "file");
        var open = new FakeConnection();
        open.Open();
        DbDataReader leakedRows = Scope.Watch(open.ExecuteReader(), "db-reader", "reports"); SiteReport.Write(output, "db-reader");
        var openedAfterWatch = Scope.Watch(new FakeConnection(), "db-connection", "opened-later"); SiteReport.Write(output, "db-connection");
        openedAfterWatch.Open();
        s_kept.AddRange([leaked, open, leakedRows, openedAfterWatch]);
    }

    /// <summary>
    /// "watch-closed": resources closed without Dispose, only by their owners (a file by its
    /// StreamReader, a reader and a transaction by closing their connection), each seen only by a
    /// probe, so none has left the registry yet when the command answers; none is a leak.
    /// </summary>
    public static void CloseByOwners(string[] args, TextWriter output)
    {
        var reader = new StreamReader(Scope.Watch(OpenUnlinkedFile(), "file", "owned.txt"));
        reader.Dispose();

        var connection = new FakeConnection();
        connection.Open();
        DbDataReader rows = Scope.Watch(connection.ExecuteReader(), "db-reader", "orders");
        DbTransaction transaction = Scope.Watch(connection.BeginTransaction(), "db-transaction", "orders");
        connection.Close();
        s_kept.AddRange([reader, connection, rows, transaction]);
    }

    /// <summary>A temporary file that is already unlinked, so nothing is left behind whatever the test does.</summary>
    private static FileStream OpenUnlinkedFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "leakscope-watch-" + Guid.NewGuid().ToString("N"));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        File.Delete(path);
        return stream;
    }
}
