using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Data;

namespace NumberBlocks.Bench;

/// <summary>A fresh benchmark database of either provider, and the raw connections the baselines use.</summary>
public sealed class BenchDatabase
{
    public required string Provider { get; init; }
    public required string ConnectionString { get; init; }
    public bool IsPostgres => Provider == "postgres";

    /// <summary>A new empty database: a new SQLite file, or a new database on the benchmark PostgreSQL server.</summary>
    public static async Task<BenchDatabase> CreateAsync(string provider, string? serverConnectionString)
    {
        if (provider == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"nb-bench-{Guid.NewGuid():N}.db");
            return new BenchDatabase { Provider = provider, ConnectionString = $"Data Source={path}" };
        }
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString ?? throw new InvalidOperationException("Pass --pg CONNECTION (bench/pg.sh start prints one)."));
        var name = $"nb_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = name;
        return new BenchDatabase { Provider = provider, ConnectionString = server.ConnectionString };
    }

    public NumberBlocksDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, ConnectionString);
        return new NumberBlocksDbContext(options.Options);
    }

    public async Task MigrateAsync()
    {
        await using var db = NewContext();
        await SchemaMigrator.MigrateAsync(db);
    }

    public async Task<DbConnection> OpenRawAsync()
    {
        // The baselines run with the driver settings the service runs with (automatic preparation, no reset on close):
        // the figures compare the service's work with the same work, not two configurations of Npgsql.
        DbConnection connection = IsPostgres ? new NpgsqlConnection(PostgresDefaults.Apply(ConnectionString)) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        if (!IsPostgres)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync();
        }
        return connection;
    }

    public object Id(Guid id) => IsPostgres ? id : id.ToString();
    public object Instant(DateTimeOffset t) => IsPostgres ? t : t.UtcTicks;

    /// <summary>
    /// Fills the ledger with <paramref name="numbers"/> numbers held by porting orders, as ranges of 10–1000, and as many
    /// again as operator stock, far from the ranges the measurements use (+4940… and +4969…).
    /// </summary>
    public async Task PrefillLedgerAsync(long numbers, int seed = 7)
    {
        if (numbers <= 0) return;
        var random = new Random(seed);
        await using var connection = await OpenRawAsync();
        foreach (var (kind, baseNumber) in new[] { ("porting_order", 4940100000000L), ("stock", 4969100000000L) })
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            // Each claim with its open history row, as NumberLedger writes them (Migrations/*/0014_ledger_history.sql).
            cmd.CommandText = "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, @k, @h, NULL, @t); " +
                "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) VALUES (@s, @e, @k, @h, NULL, @t)";
            var s = Param(cmd, "@s"); var e = Param(cmd, "@e"); var k = Param(cmd, "@k"); var h = Param(cmd, "@h"); var t = Param(cmd, "@t");
            k.Value = kind;
            t.Value = Instant(DateTimeOffset.UtcNow);
            long claimed = 0, next = baseNumber;
            var prepared = false;
            while (claimed < numbers)
            {
                var size = Math.Min(random.Next(10, 1001), numbers - claimed);
                s.Value = next; e.Value = next + size - 1; h.Value = Id(Guid.NewGuid());
                if (!prepared) { await cmd.PrepareAsync(); prepared = true; }
                await cmd.ExecuteNonQueryAsync();
                claimed += size;
                next += size + random.Next(0, 50); // gaps, as real ledgers have
            }
            await tx.CommitAsync();
        }
        if (IsPostgres)
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
    }

    public static DbParameter Param(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }
}
