using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>
/// SQLite's per-connection settings (foreign keys, busy timeout, synchronous, WAL) are set on each new physical
/// connection and not sent again when the pool hands the same connection out once more.
/// </summary>
public sealed class SqlitePragmaTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"nb-pragma-{Guid.NewGuid():N}.db");

    private string Connection => $"Data Source={_file}";

    [Fact]
    public async Task Pragmas_AreSetOncePerPhysicalConnection()
    {
        var builder = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(builder, DatabaseProvider.Sqlite, Connection);
        var options = builder.Options;

        await using (var db = new NumberBlocksDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
            Assert.Equal(30000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous")); // NORMAL
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
            // A marker on this physical connection: if the setup ran again on the next open, it would turn it back on.
            await ScalarAsync(connection, "PRAGMA foreign_keys=OFF");
        }

        await using (var db = new NumberBlocksDbContext(options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(0L, await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA foreign_keys"));
        }

        await using (var db = new NumberBlocksDbContext(options))
        {
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection()); // the next open is a new physical connection: set up again
            await db.Database.OpenConnectionAsync();
            Assert.Equal(1L, await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA foreign_keys"));
        }
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) if (File.Exists(f)) File.Delete(f);
    }
}
