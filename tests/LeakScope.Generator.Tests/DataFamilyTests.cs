using LeakScope.Generator.Tests.Support;

namespace LeakScope.Generator.Tests;

/// <summary>
/// ADO.NET by receiver type: opens, transactions and readers of any provider, also where the provider
/// hides the base method (Microsoft.Data.Sqlite returns its own transaction and reader types).
/// </summary>
public sealed class DataFamilyTests
{
    [Fact]
    public void SqliteCalls_AreInterceptedWithTheProvidersOwnSignatures()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using Microsoft.Data.Sqlite;
            static class App
            {
                static void Run()
                {
                    using var connection = new SqliteConnection("Data Source=:memory:");
                    connection.Open();
                    using SqliteTransaction transaction = connection.BeginTransaction();
                    using SqliteCommand command = connection.CreateCommand();
                    using SqliteDataReader reader = command.ExecuteReader();
                    command.ExecuteNonQuery();
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(3, run.InterceptedCount);
        Assert.Contains("internal static void Open_0(this global::Microsoft.Data.Sqlite.SqliteConnection @this)", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.Watch(@this, \"db-connection\", global::LeakScope.AutoTrack.DatabaseName(@this), \"/src/File0.cs\", 7, \"Run\");", code, StringComparison.Ordinal);
        Assert.Contains("internal static global::Microsoft.Data.Sqlite.SqliteTransaction BeginTransaction_1(this global::Microsoft.Data.Sqlite.SqliteConnection @this)", code, StringComparison.Ordinal);
        Assert.Contains("\"db-transaction\"", code, StringComparison.Ordinal);
        Assert.Contains("internal static global::Microsoft.Data.Sqlite.SqliteDataReader ExecuteReader_2(this global::Microsoft.Data.Sqlite.SqliteCommand @this)", code, StringComparison.Ordinal);
        Assert.Contains("\"db-reader\", global::LeakScope.AutoTrack.DatabaseName(@this.Connection)", code, StringComparison.Ordinal);
    }

    [Fact]
    public void AsyncCallsThroughTheBaseTypes_AreWatchedWhenTheyComplete()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Data.Common;
            using System.Threading.Tasks;
            static class App
            {
                static async Task Run(DbConnection connection, DbCommand command)
                {
                    await connection.OpenAsync();
                    await using DbTransaction transaction = await connection.BeginTransactionAsync();
                    await using DbDataReader reader = await command.ExecuteReaderAsync();
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(3, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.WatchWhenDone(@this.OpenAsync(), @this, \"db-connection\"", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.WatchAsync(@this.BeginTransactionAsync(@cancellationToken), \"db-transaction\"", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.WatchAsync(@this.ExecuteReaderAsync(), \"db-reader\"", code, StringComparison.Ordinal);
    }

    [Fact]
    public void CommitAndRollback_EndTheTransactionWithTheirOutcome_ButNotARollbackToASavepoint()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using System.Data.Common;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Data.Sqlite;
            static class App
            {
                static async Task Run(SqliteTransaction sqlite, DbTransaction any, CancellationToken token)
                {
                    sqlite.Commit();
                    any.Rollback();
                    await any.CommitAsync(token);
                    await sqlite.RollbackAsync();
                    any.Rollback("savepoint");
                    await any.RollbackAsync("savepoint", token);
                }
            }
            """).AssertCompiles();

        string code = run.Generated!;
        Assert.Equal(4, run.InterceptedCount);
        Assert.Contains("global::LeakScope.AutoTrack.TransactionEnded(@this, true);", code, StringComparison.Ordinal);
        Assert.Contains("global::LeakScope.AutoTrack.TransactionEnded(@this, false);", code, StringComparison.Ordinal);
        Assert.Contains("=> global::LeakScope.AutoTrack.TransactionEndedAsync(@this.CommitAsync(@cancellationToken), @this, true);", code, StringComparison.Ordinal);
        Assert.Contains("=> global::LeakScope.AutoTrack.TransactionEndedAsync(@this.RollbackAsync(@cancellationToken), @this, false);", code, StringComparison.Ordinal);
    }
}
