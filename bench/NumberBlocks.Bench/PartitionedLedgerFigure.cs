using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Scaling;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 7 (docs/scaling.md): claims against the ledger partitioned by country calling code
/// (Data/Scaling/partitioned_ledger.sql) as it grows: at each size, the service's own claim path (NumberLedger.ClaimAsync
/// inside a WriteTransaction) for a free range, for an overlapping one, and under 8 concurrent claimants; the baseline is
/// a raw INSERT the partition's exclusion constraint checks. Ranges are spread over the partitions roughly as traffic
/// would be (+1 35 %, +49 40 %, +44 15 %, +33 5 %, the rest 5 %), 10–99 numbers each with a gap after each, so every
/// measured claim lands at a random place in a full index.
/// </summary>
public static class PartitionedLedgerFigure
{
    public sealed record Result(long Ranges, double LoadSeconds, double ConstraintSeconds, long Bytes, Samples Claim, Samples Reject, Samples Raw,
        double ConcurrentPerSecond, Samples Concurrent, int Clients, double Seconds);

    /// <summary>Where each partition's bench ranges start, and its share of them.</summary>
    private static readonly (string Partition, long Base, int Weight)[] Layout =
    [
        ("ledger_claims_cc1_len11", 12_000_000_000L, 35),
        ("ledger_claims_cc49_len13", 4_920_100_000_000L, 30),
        ("ledger_claims_cc44_len12", 442_000_000_000L, 15),
        ("ledger_claims_cc49_len12", 492_000_000_000L, 10),
        ("ledger_claims_cc33_len11", 33_100_000_000L, 5),
        ("ledger_claims_default", 31_100_000_000L, 5), // +31 Netherlands: no partition of its own
    ];

    private const long Step = 100;
    private static long Length(long i) => 10 + i * 37 % 90;

    public static async IAsyncEnumerable<Result> RunAsync(string serverConnectionString, IReadOnlyList<long> sizes, int iterations, int seconds, int clients)
    {
        var database = await BenchDatabase.CreateAsync("postgres", serverConnectionString);
        await using (var ddl = new NpgsqlConnection(database.ConnectionString))
        {
            await ddl.OpenAsync();
            await using var cmd = new NpgsqlCommand(PartitionedLedger.Sql, ddl);
            await cmd.ExecuteNonQueryAsync();
        }
        var loaded = new long[Layout.Length];
        var used = new HashSet<(int, long)>();
        var random = new Random(22);
        foreach (var size in sizes.Order())
        {
            var (loadSeconds, constraintSeconds) = await GrowAsync(database.ConnectionString, loaded, size);
            Console.WriteLine($"  partitioned ledger: {loaded.Sum():N0} ranges ({string.Join(", ", Layout.Select((l, p) => $"{l.Partition} {loaded[p]:N0}"))}); " +
                              $"insert {loadSeconds:F0} s, constraints and indexes {constraintSeconds:F0} s");
            var bytes = Convert.ToInt64(await ScalarAsync(database.ConnectionString,
                "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'ledger_claims'::regclass"), CultureInfo.InvariantCulture);

            // One claimant: claim, refusal and raw insert, interleaved so they see the same machine.
            await using var db = database.NewContext();
            await using var raw = new NpgsqlConnection(database.ConnectionString);
            await raw.OpenAsync();
            var claim = new Samples("claim");
            var reject = new Samples("reject");
            var rawInsert = new Samples("raw insert");
            const int warmup = 20;
            for (var n = 0; n < iterations + warmup; n++)
            {
                var (p, i) = Pick(random, loaded, used, 0, 1);
                var start = Layout[p].Base + i * Step;
                var sw = Stopwatch.StartNew();
                await ClaimAsync(db, start + Length(i), start + Step - 1, expectConflict: false);
                if (n >= warmup) claim.Add(sw.Elapsed);

                sw.Restart();
                await ClaimAsync(db, start + Length(i) - 1, start + Step - 1, expectConflict: true);
                if (n >= warmup) reject.Add(sw.Elapsed);

                var (rp, ri) = Pick(random, loaded, used, 0, 1);
                var rawStart = Layout[rp].Base + ri * Step + Length(ri);
                sw.Restart();
                await RawInsertAsync(raw, rawStart, Layout[rp].Base + ri * Step + Step - 1);
                if (n >= warmup) rawInsert.Add(sw.Elapsed);
            }

            // Many claimants at once, each in its own context, for a fixed time.
            var concurrent = new Samples("concurrent claim");
            var watch = Stopwatch.StartNew();
            var count = 0;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                await using var ctx = database.NewContext();
                var own = new Random(1000 + c);
                for (var k = 0; k < 1_000_000 && watch.Elapsed < TimeSpan.FromSeconds(seconds); k++)
                {
                    (int P, long I) pick;
                    lock (used) pick = Pick(own, loaded, used, c, clients);
                    var start = Layout[pick.P].Base + pick.I * Step;
                    var sw = Stopwatch.StartNew();
                    await ClaimAsync(ctx, start + Length(pick.I), start + Step - 1, expectConflict: false);
                    var elapsed = sw.Elapsed;
                    lock (concurrent) concurrent.Add(elapsed);
                    Interlocked.Increment(ref count);
                }
            })));
            var elapsedAll = watch.Elapsed.TotalSeconds;
            yield return new Result(loaded.Sum(), loadSeconds, constraintSeconds, bytes, claim, reject, rawInsert, count / elapsedAll, concurrent, clients, elapsedAll);
        }
    }

    /// <summary>A range index not yet claimed by a measurement, in a partition chosen by weight; (client, clients) keep claimants apart.</summary>
    private static (int Partition, long Index) Pick(Random random, long[] loaded, HashSet<(int, long)> used, int client, int clients)
    {
        for (var attempt = 0; ; attempt++)
        {
            var w = random.Next(100);
            var p = 0;
            for (var acc = Layout[0].Weight; w >= acc; acc += Layout[++p].Weight) { }
            if (loaded[p] < clients) continue;
            var i = random.NextInt64(loaded[p] / clients) * clients + client;
            if (used.Add((p, i))) return (p, i);
            if (attempt > 1000) throw new InvalidOperationException("No free range left to claim.");
        }
    }

    private static async Task ClaimAsync(NumberBlocksDbContext db, long start, long end, bool expectConflict)
    {
        var holder = LedgerHolder.PortingOrder(Guid.NewGuid(), Guid.NewGuid());
        var range = NumberRange.Of(E164Number.FromValue(start), E164Number.FromValue(end));
        var result = await db.RunAsync(async ct =>
            await NumberLedger.ClaimAsync(db, holder, range, DateTimeOffset.UtcNow, ct) is { } c ? Result<bool>.Fail(c.ToError(null)) : Result<bool>.Ok(true),
            CancellationToken.None);
        if (result.IsSuccess == expectConflict)
            throw new InvalidOperationException($"Claim of {range}: expected {(expectConflict ? "a conflict" : "success")}, got {(result.IsSuccess ? "success" : result.FirstError.Detail)}.");
    }

    private static async Task RawInsertAsync(NpgsqlConnection connection, long start, long end)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, 'porting_order', @h, NULL, now())",
            connection, tx);
        cmd.Parameters.AddWithValue("s", start);
        cmd.Parameters.AddWithValue("e", end);
        cmd.Parameters.AddWithValue("h", Guid.NewGuid());
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    /// <summary>
    /// Grows the ledger to <paramref name="target"/> ranges: the exclusion constraints and indexes are dropped, the rows
    /// inserted by generate_series in the server, and the constraints and indexes built again (building once is far
    /// cheaper than checking every row as it arrives). Returns (insert seconds, build seconds).
    /// </summary>
    private static async Task<(double, double)> GrowAsync(string connectionString, long[] loaded, long target)
    {
        var total = Layout.Sum(l => l.Weight);
        await using var conn = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await conn.OpenAsync();
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }
        await Exec("SET maintenance_work_mem = '1GB'");
        await Exec("DROP INDEX IF EXISTS ix_ledger_claims_start; DROP INDEX IF EXISTS ix_ledger_claims_holder");
        foreach (var (partition, _, _) in Layout) await Exec($"ALTER TABLE {partition} DROP CONSTRAINT IF EXISTS {partition}_no_overlap");
        foreach (var other in PartitionedLedger.Partitions.Select(p => p.Name).Except(Layout.Select(l => l.Partition)))
            await Exec($"ALTER TABLE {other} DROP CONSTRAINT IF EXISTS {other}_no_overlap");

        var insert = Stopwatch.StartNew();
        for (var p = 0; p < Layout.Length; p++)
        {
            var want = target * Layout[p].Weight / total;
            for (var from = loaded[p]; from < want; from += 2_000_000)
            {
                var to = Math.Min(want, from + 2_000_000) - 1;
                var b = Layout[p].Base;
                await Exec("INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, claimed_at) " +
                           $"SELECT {b} + i * {Step}, {b} + i * {Step} + 10 + i * 37 % 90 - 1, 'stock', gen_random_uuid(), now() FROM generate_series({from}, {to}) i");
            }
            loaded[p] = Math.Max(loaded[p], want);
        }
        var insertSeconds = insert.Elapsed.TotalSeconds;

        var build = Stopwatch.StartNew();
        foreach (var name in PartitionedLedger.Partitions.Select(p => p.Name).Append("ledger_claims_default"))
            await Exec($"ALTER TABLE {name} ADD CONSTRAINT {name}_no_overlap EXCLUDE USING gist (numbers WITH &&)");
        await Exec("CREATE INDEX ix_ledger_claims_start ON ledger_claims (range_start)");
        await Exec("CREATE INDEX ix_ledger_claims_holder ON ledger_claims (holder_kind, holder_id)");
        await Exec("VACUUM ANALYZE ledger_claims");
        return (insertSeconds, build.Elapsed.TotalSeconds);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }
}
