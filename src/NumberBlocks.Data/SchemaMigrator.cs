using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace NumberBlocks.Data;

/// <summary>
/// Applies the versioned SQL scripts in Migrations/{Sqlite,Postgres}/NNNN_name.sql that the database has not seen,
/// each in its own transaction, recording them in schema_migrations. On PostgreSQL a transaction-scoped advisory lock
/// makes concurrent starts of several processes safe; on SQLite BEGIN IMMEDIATE does the same.
/// </summary>
public static class SchemaMigrator
{
    private const long AdvisoryLockKey = 0x4E_42_4D_49_47; // "NBMIG"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Load(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Sqlite ? ".Migrations.Sqlite." : ".Migrations.Postgres.";
        var asm = typeof(SchemaMigrator).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^4];
                var version = int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = asm.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(version, file[5..], reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Brings the schema up to date; returns the versions applied now.</summary>
    /// <remarks>
    /// On PostgreSQL each transaction first takes a transaction-scoped advisory lock, so concurrent starters queue there
    /// and each migration is applied once. Transaction-scoped rather than a session lock around the whole run: behind
    /// PgBouncer in transaction mode a session lock would stay on whichever server connection took it, and the unlock
    /// could reach another (docs/scaling.md, connection pooling).
    /// </remarks>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NumberBlocksDbContext db, CancellationToken ct = default)
    {
        var provider = db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var tx = await BeginLockedAsync(connection, provider, ct))
            {
                await ExecuteAsync(connection, tx, provider == DatabaseProvider.Sqlite
                    ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                    : "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)", ct);
                await tx.CommitAsync(ct);
            }

            var applied = new List<int>();
            foreach (var migration in Load(provider))
            {
                await using var tx = await BeginLockedAsync(connection, provider, ct);
                var seen = await ScalarAsync(connection, tx, $"SELECT COUNT(*) FROM schema_migrations WHERE version = {migration.Version}", ct);
                if (Convert.ToInt64(seen, System.Globalization.CultureInfo.InvariantCulture) > 0) { await tx.RollbackAsync(ct); continue; }
                await ExecuteAsync(connection, tx, migration.Sql, ct);
                await using (var cmd = connection.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = provider == DatabaseProvider.Sqlite
                        ? "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)"
                        : "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, now())";
                    AddParameter(cmd, "@v", migration.Version);
                    AddParameter(cmd, "@n", migration.Name);
                    if (provider == DatabaseProvider.Sqlite) AddParameter(cmd, "@t", DateTimeOffset.UtcNow.ToString("O"));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied.Add(migration.Version);
            }
            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The versions this build ships that the database has not applied (empty when the schema is current).</summary>
    public static async Task<IReadOnlyList<int>> PendingAsync(NumberBlocksDbContext db, CancellationToken ct = default)
    {
        var provider = db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        await db.EnsureOpenAsync(ct);
        var applied = new HashSet<int>();
        await using (var cmd = db.Database.GetDbConnection().CreateCommand())
        {
            cmd.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return Load(provider).Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
    }

    /// <summary>A transaction holding the migration lock: the advisory lock on PostgreSQL, BEGIN IMMEDIATE's write lock on SQLite.</summary>
    private static async Task<DbTransaction> BeginLockedAsync(DbConnection connection, DatabaseProvider provider, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            if (provider == DatabaseProvider.Postgres)
                await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
