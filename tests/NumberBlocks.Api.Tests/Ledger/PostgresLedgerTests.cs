using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using Npgsql;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>Issue 3: what only PostgreSQL does — the database's own refusal of overlaps, and start-up migrations under a lock.</summary>
public sealed class PostgresLedgerTests : IAsyncLifetime
{
    private string _connection = null!;

    public async ValueTask InitializeAsync() => _connection = await TestPostgres.CreateDatabaseAsync();

    public async ValueTask DisposeAsync() => await TestPostgres.DropDatabaseAsync(_connection);

    private NumberBlocksDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, _connection);
        return new NumberBlocksDbContext(options.Options);
    }

    private const string InsertClaim =
        "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, 'porting_order', gen_random_uuid(), NULL, now())";

    private static NpgsqlCommand Claim(NpgsqlConnection conn, long start, long end, NpgsqlTransaction? tx = null)
    {
        var cmd = new NpgsqlCommand(InsertClaim, conn, tx);
        cmd.Parameters.AddWithValue("s", start);
        cmd.Parameters.AddWithValue("e", end);
        return cmd;
    }

    [Fact]
    public async Task ExclusionConstraint_OverlapInsertedBehindTheApplication_IsRefusedWith23P01()
    {
        await using (var db = NewContext()) await SchemaMigrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using (var first = Claim(conn, 4920123456000, 4920123456099)) await first.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        // Adjacent is fine; sharing a single number is not, whoever asks.
        await using (var adjacent = Claim(conn, 4920123456100, 4920123456199)) await adjacent.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using var overlapping = Claim(conn, 4920123456199, 4920123456299);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => overlapping.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        Assert.Equal("ledger_claims_no_overlap", refused.ConstraintName);
    }

    [Fact]
    public async Task CreateOrder_OverlapCommittedByAnotherWriterWhileWaiting_Is422NamingTheNumber()
    {
        // A claim written outside the application (no neighbourhood lock) is in flight when the request claims an
        // overlapping range: the request's insert waits inside the EXCLUDE constraint, gets 23P01 once the other
        // commits, and answers the same 422 as SQLite, naming the first held number.
        await using var service = new ServiceFactory(TestDatabase.Postgres, _connection) { KeepData = true };
        var account = await service.NewAccountAsync();
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var tx = await conn.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var other = Claim(conn, 4920123456050, 4920123456060, tx)) await other.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var request = account.Client.PostAsync("/v2/porting_orders", Json.Body("""
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": []}]}
            """));
        await WaitUntilBlockedOnOurTransactionAsync(conn);
        Assert.False(request.IsCompleted);
        await tx.CommitAsync(TestContext.Current.CancellationToken);

        var error = await (await request).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_blocks/0/phone_number_range/start_at", "ledger.number_held");
        Assert.Contains("+4920123456050", error.GetProperty("errors")[0].Str("detail"));
        var orders = await (await account.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, orders.GetProperty("meta").GetProperty("total_results").GetInt32());
        await using var db = NewContext();
        Assert.Equal(0L, await NumberBlocks.Data.Ledger.NumberLedger.CountOverlapsAsync(db, TestContext.Current.CancellationToken));
    }

    /// <summary>Polls pg_locks until some backend waits on the transaction of <paramref name="conn"/> (bounded: 20 s).</summary>
    private static async Task WaitUntilBlockedOnOurTransactionAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_locks w WHERE NOT w.granted AND w.locktype = 'transactionid' AND w.transactionid = (SELECT transactionid FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid' AND granted LIMIT 1)", conn);
        for (var i = 0; i < 200; i++)
        {
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The request never waited on the open claim.");
    }

    [Fact]
    public async Task SchemaMigrator_SeveralProcessesStartAtOnce_EachMigrationAppliedOnce()
    {
        var contexts = Enumerable.Range(0, 4).Select(_ => NewContext()).ToList();
        try
        {
            var applied = await Task.WhenAll(contexts.Select(db => SchemaMigrator.MigrateAsync(db, TestContext.Current.CancellationToken)));
            var all = SchemaMigrator.Load(DatabaseProvider.Postgres).Select(m => m.Version).ToList();
            // Each migration runs under a transaction-scoped advisory lock (PgBouncer-safe), so the starters may share the
            // work, but every starter walks the versions in order and each version is applied by exactly one of them.
            Assert.Equal(all, applied.SelectMany(a => a).Order().ToList());
            Assert.All(applied, a => Assert.Equal(a.Order().ToList(), a.ToList()));
            Assert.Equal(all, await contexts[0].Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations ORDER BY version").ToListAsync(TestContext.Current.CancellationToken));
            Assert.Empty(await SchemaMigrator.MigrateAsync(contexts[0], TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var db in contexts) await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Service_PostgresProviderFromConfiguration_StoresInPostgres()
    {
        await using var service = new ServiceFactory(TestDatabase.Postgres, _connection) { KeepData = true };
        var account = await service.NewAccountAsync();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999901"]}"""));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        Assert.False(await service.WithDbAsync(db => Task.FromResult(db.IsSqlite)));
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand("SELECT numbers::text FROM ledger_claims WHERE holder_id = @id", conn);
        cmd.Parameters.AddWithValue("id", Guid.Parse(id));
        // The generated int8range column is what the EXCLUDE constraint compares: [n, n+1) for a single number.
        Assert.Equal("[4930244999901,4930244999902)", await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
