using Microsoft.Data.Sqlite;

namespace LeakScope.AutoTrackCorpus;

/// <summary>
/// ADO.NET through Microsoft.Data.Sqlite (which hides BeginTransaction and ExecuteReader): a reader
/// ended by closing its connection, a committed transaction never disposed, async opens; or left open.
/// </summary>
internal static class Data
{
    private const string InMemory = "Data Source=:memory:";

    public static async Task RunAsync()
    {
        using (var connection = new SqliteConnection(InMemory))
        {
            connection.Open();
            SqliteTransaction committed = connection.BeginTransaction();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.Transaction = committed;
            SqliteDataReader reader = command.ExecuteReader();
            _ = reader.Read();
            reader.Close();
            committed.Commit();
            using SqliteCommand after = connection.CreateCommand();
            after.CommandText = "SELECT 1";
            SqliteDataReader closedByItsConnection = after.ExecuteReader();
            _ = closedByItsConnection.Read();
        }

        await using (var connection = new SqliteConnection(InMemory))
        {
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync();
            _ = await reader.ReadAsync();
            await reader.CloseAsync();
            await transaction.RollbackAsync();
        }

        var leaked = new SqliteConnection(InMemory);
        Leaks.Keep(leaked);
        leaked.Open(); // LEAK: db-connection
        SqliteTransaction open = leaked.BeginTransaction(); // LEAK: db-transaction
        Leaks.Keep(open);
        SqliteCommand query = leaked.CreateCommand();
        query.CommandText = "SELECT 1";
        query.Transaction = open;
        Leaks.Keep(query.ExecuteReader()); // LEAK: db-reader
    }
}
