using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace NumberBlocks.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// The operator's database settings: NumberBlocks:Database:Provider and :ConnectionString, and where reads that may
/// lag a little go (:ReadConnectionString, or :StandbyReads; see <see cref="StandbyRouting"/> and docs/scaling.md).
/// </summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "sqlite";
    public string? ConnectionString { get; set; }
    /// <summary>PostgreSQL: the connection for catalogue and list views, typically a standby. Unset: the primary serves them.</summary>
    public string? ReadConnectionString { get; set; }
    /// <summary>PostgreSQL: derive <see cref="ReadConnectionString"/> from a multi-host ConnectionString with Target Session Attributes=prefer-standby.</summary>
    public bool StandbyReads { get; set; }

    public DatabaseProvider ParsedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"NumberBlocks:Database:Provider is '{Provider}'; expected 'sqlite' or 'postgres'."),
    };

    /// <summary>The connection string in force: SQLite defaults to a file under ./data/.</summary>
    public string EffectiveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
            return ParsedProvider == DatabaseProvider.Postgres ? StandbyRouting.ForWrites(ConnectionString) : ConnectionString;
        if (ParsedProvider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("NumberBlocks:Database:ConnectionString is required when the provider is postgres.");
        var dir = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "numberblocks.db")}";
    }
}

public static class DatabaseSetup
{
    /// <summary>Configures EF Core for the chosen provider, with the pragmas SQLite needs for concurrent readers and a writer.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var csb = new SqliteConnectionStringBuilder(connectionString)
            {
                // Writers queue on BEGIN IMMEDIATE; give them time instead of failing with SQLITE_BUSY.
                DefaultTimeout = 30,
                Pooling = true,
            };
            options.UseSqlite(csb.ToString());
            options.AddInterceptors(new SqlitePragmaInterceptor());
        }
        else
        {
            options.UseNpgsql(PostgresDefaults.Apply(connectionString));
        }
    }
}

/// <summary>
/// The Npgsql settings NumberBlocks runs with unless the connection string says otherwise (docs/benchmarks.md,
/// "2026-12-08": PostgreSQL's CPU per number-request create fell by about 40 % at 8 clients, the order GET rose 1.4x).
/// </summary>
public static class PostgresDefaults
{
    /// <summary>
    /// Statements run on one physical connection more than Npgsql's Auto Prepare Min Usages (5) are prepared there
    /// and kept: every hot statement is parsed and planned once per connection instead of on every call (Npgsql's
    /// automatic preparation, npgsql.org/doc/prepare.html). Behind PgBouncer before 1.21 a statement prepared on one server
    /// connection is unknown on the next: set Max Auto Prepare=0 there (docs/scaling.md).
    /// </summary>
    public const int MaxAutoPrepare = 128;

    public static string Apply(string connectionString)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Says(string keyword) => written.Keys.Cast<string>().Any(k =>
            string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Says("Max Auto Prepare")) csb.MaxAutoPrepare = MaxAutoPrepare;
        // DISCARD ALL on every return to the pool would also drop the prepared statements; it resets session state
        // that NumberBlocks never sets (no SET, LISTEN, temporary table or session advisory lock; the locks it takes are
        // transaction-scoped), and Npgsql rolls back a transaction left open either way.
        if (!Says("No Reset On Close")) csb.NoResetOnClose = true;
        return csb.ConnectionString;
    }
}

/// <summary>
/// Sets the per-connection SQLite pragmas (WAL for readers beside the writer, a busy timeout, foreign keys) once per
/// physical connection: with pooling, a logical open reuses a sqlite3 handle that already has them, and running four
/// statements on every open made a two-query GET ten statements.
/// </summary>
internal sealed class SqlitePragmaInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    /// <summary>The physical connections (sqlite3 handles) already set up; weak, so a handle closed by the pool is forgotten.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = new();

    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Prepared.TryGetValue(handle, out _);

    /// <summary>Remembered only once the pragmas ran: a failed attempt (say, busy) is tried again on the next open.</summary>
    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Prepared.AddOrUpdate(handle, Prepared);
    }

    public override void ConnectionOpened(DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection)) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection)) return;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }
}
