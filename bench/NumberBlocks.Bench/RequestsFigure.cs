using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 9 (PostgreSQL): CM.com number-request creates served from stock at once (quantity 1, with a callbackUrl, so
/// each create splits a stock row, moves a ledger claim, logs the allocation and queues a callback and an e-mail).
/// After a warm-up (15 s of service creates), interleaved rounds of: one client for the window, the raw baseline for the window, eight clients for
/// the window; the figure is the median of the rounds. The raw baseline is one hand-written transaction per request
/// doing the same writes the service does (request row, stock row locked and cut, claim deleted and re-inserted in two
/// parts, history closed and opened, allocation log, request range, two outbox rows) over one open connection.
/// </summary>
public static class RequestsFigure
{
    public sealed record Result(double OneClientPerSecond, double EightClientsPerSecond, Samples OneClient, Samples Raw, Samples EightClients,
        int Rounds, double Seconds, long Refused);

    private const long FirstNumber = 4920100000000L;

    public static async Task<Result> RunAsync(string? pg, int seconds, int rounds)
    {
        var db = await BenchDatabase.CreateAsync("postgres", pg);
        await db.MigrateAsync();
        await using var receiver = await CountingReceiver.StartAsync();
        await using var service = await ServiceProcess.StartAsync("postgres", db.ConnectionString, new Dictionary<string, string>
        {
            ["NumberBlocks__Callbacks__AllowedHosts__0"] = $"127.0.0.1:{receiver.Port}",
        });
        var callbackUrl = receiver.Url("/cm");
        using var bench = await CmAccount.CreateAsync(service);
        var (op, accountId, cm) = (bench.Operator, bench.AccountId, bench.Cm);

        // Stock: 20,000 ranges of 100 numbers, one area, so concurrent requests have many rows to take from.
        var csv = new StringBuilder("start_at,end_at,number_type,area_code,city\n");
        for (var i = 0; i < 20_000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"+{FirstNumber + i * 100L},+{FirstNumber + i * 100L + 99},local,201,Essen\n");
        (await op.PostAsync("/admin/v1/stock/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        // Statistics as a database in service has them: the tables were empty when the migrations created them, and
        // autovacuum's ANALYZE would otherwise arrive in the middle of the rounds and change the plans there.
        await using (var analyze = (NpgsqlConnection)await db.OpenRawAsync())
        await using (var cmd = new NpgsqlCommand("ANALYZE", analyze))
            await cmd.ExecuteNonQueryAsync();

        var url = $"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests";
        var body = JsonSerializer.Serialize(new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE", callbackUrl });
        var window = TimeSpan.FromSeconds(seconds);
        long refused = 0;
        var cpu = new Dictionary<int, (double Service, double Server)>(); // CPU ms per create of the latest window, by clients

        async Task<(double PerSecond, Samples Latency)> ServiceAsync(int clients, TimeSpan duration)
        {
            var latency = new Samples($"create x{clients}");
            var (serviceCpu, serverCpu) = (service.CpuTime(), ProcessCpu.OfAllNamed("postgres"));
            var sw = Stopwatch.StartNew();
            var done = 0;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (sw.Elapsed < duration)
                {
                    var one = Stopwatch.StartNew();
                    using var response = await cm.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
                    var elapsed = one.Elapsed;
                    if (response.StatusCode != HttpStatusCode.Created) { Interlocked.Increment(ref refused); continue; }
                    Interlocked.Increment(ref done);
                    lock (latency) latency.Add(elapsed);
                }
            }));
            var perCreate = (Service: (service.CpuTime() - serviceCpu).TotalMilliseconds / done, Server: (ProcessCpu.OfAllNamed("postgres") - serverCpu).TotalMilliseconds / done);
            cpu[clients] = perCreate;
            return (done / sw.Elapsed.TotalSeconds, latency);
        }

        await using var raw = (NpgsqlConnection)await db.OpenRawAsync();
        async Task<Samples> RawAsync(TimeSpan duration)
        {
            var latency = new Samples("raw transaction");
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < duration)
            {
                var one = Stopwatch.StartNew();
                await RawCreateAsync(raw, accountId, callbackUrl);
                latency.Add(one.Elapsed);
            }
            return latency;
        }

        // Warm-up: JIT, pools and plans on both sides. The service's hot methods reach their optimised (tier-1) code
        // only after they have been called for a while with no new methods being compiled: with a 2 s warm-up the
        // first rounds ran up to 1.8x slower than the last.
        await ServiceAsync(1, TimeSpan.FromSeconds(10));
        await ServiceAsync(8, TimeSpan.FromSeconds(5));
        await RawAsync(TimeSpan.FromSeconds(3));
        if (Environment.GetEnvironmentVariable("NB_BENCH_TRACE") is { Length: > 0 } trace)
            await Profiling.TraceAsync(service, trace, () => ServiceAsync(8, TimeSpan.FromSeconds(14)));
        refused = 0;

        var one = new List<(double, Samples)>();
        var eight = new List<(double, Samples)>();
        var raws = new List<Samples>();
        for (var r = 0; r < rounds; r++)
        {
            one.Add(await ServiceAsync(1, window));
            raws.Add(await RawAsync(window));
            eight.Add(await ServiceAsync(8, window));
            Console.WriteLine($"  round {r + 1}: 1 client {one[^1].Item1:0}/s (p50 {Report.F(one[^1].Item2.Median)} ms), raw p50 {Report.F(raws[^1].Median)} ms, " +
                              $"8 clients {eight[^1].Item1:0}/s (p50 {Report.F(eight[^1].Item2.Median)} ms); CPU per create: service {cpu[1].Service:0.0} ms " +
                              $"(8 clients {cpu[8].Service:0.0}), PostgreSQL {cpu[1].Server:0.0} ms ({cpu[8].Server:0.0}); load {Report.LoadAverage()}");
        }
        var oneMedian = one.OrderBy(x => x.Item1).ElementAt(rounds / 2);
        var eightMedian = eight.OrderBy(x => x.Item1).ElementAt(rounds / 2);
        var rawMedian = raws.OrderBy(x => x.Median).ElementAt(rounds / 2);
        return new Result(oneMedian.Item1, eightMedian.Item1, oneMedian.Item2, rawMedian, eightMedian.Item2, rounds, seconds, refused);
    }

    /// <summary>The writes of one create served from stock, hand-written, in one transaction.</summary>
    private static async Task RawCreateAsync(NpgsqlConnection c, Guid accountId, string callbackUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var requestId = Guid.CreateVersion7(now);
        await using var tx = await c.BeginTransactionAsync();
        async Task<NpgsqlDataReader> Read(string sql, params object?[] values) => await Command(sql, values).ExecuteReaderAsync();
        async Task Exec(string sql, params object?[] values) { await using var cmd = Command(sql, values); await cmd.ExecuteNonQueryAsync(); }
        NpgsqlCommand Command(string sql, object?[] values)
        {
            var cmd = new NpgsqlCommand(sql, c, tx);
            foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
            return cmd;
        }

        await Exec("INSERT INTO number_requests (id, account_id, status, country_code, number_type, quantity, assigned_count, area_code, callback_url, " +
                   "created_at, updated_at, origin) VALUES ($1, $2, 'completed', 'DE', 'local', 1, 1, '201', $4, $3, $3, 'cm')",
            requestId, accountId, now, callbackUrl);
        Guid row;
        long start, end;
        await using (var reader = await Read("SELECT id, range_start, range_end FROM stock_ranges WHERE country_code = 'DE' AND number_type = 'local' " +
                                             "AND area_code = '201' AND range_start > $1 ORDER BY range_start LIMIT 1 FOR UPDATE SKIP LOCKED", long.MinValue))
        {
            if (!await reader.ReadAsync()) throw new InvalidOperationException("The bench ran out of stock.");
            (row, start, end) = (reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        await Exec("DELETE FROM ledger_claims WHERE holder_kind = 'stock' AND holder_id = $1", row);
        if (start < end)
        {
            await Exec("INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES " +
                       "($1, $1, 'account', $2, $2, $4), ($1 + 1, $3, 'stock', $5, NULL, $4)", start, accountId, end, now, row);
            await Exec("WITH closed AS (UPDATE ledger_claim_history SET range_end = $1, held_to = $3, end_reason = 'transferred' " +
                       "WHERE holder_kind = 'stock' AND holder_id = $4 AND held_to IS NULL RETURNING held_from) " +
                       "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) " +
                       "SELECT $1 + 1, $2, 'stock', $4, NULL, held_from FROM closed UNION ALL SELECT $1, $1, 'account', $5, $5, $3",
                start, end, now, row, accountId);
            await Exec("UPDATE stock_ranges SET range_start = $1 WHERE id = $2", start + 1, row);
        }
        else
        {
            // The row's last number: the row goes, and its claim moves whole.
            await Exec("INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES ($1, $1, 'account', $2, $2, $3)",
                start, accountId, now);
            await Exec("WITH closed AS (UPDATE ledger_claim_history SET held_to = $2, end_reason = 'transferred' " +
                       "WHERE holder_kind = 'stock' AND holder_id = $3 AND held_to IS NULL RETURNING 1) " +
                       "INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from) VALUES ($1, $1, 'account', $4, $4, $2)",
                start, now, row, accountId);
            await Exec("DELETE FROM stock_ranges WHERE id = $1", row);
        }
        await Exec("INSERT INTO stock_allocations (id, range_start, range_end, taken_by, taken_by_id, account_id, country_code, number_type, area_code, city, " +
                   "city_key, allocated_at) VALUES ($1, $2, $2, 'number_request', $3, $4, 'DE', 'local', '201', 'Essen', 'ESSEN', $5)",
            Guid.CreateVersion7(now), start, requestId, accountId, now);
        await Exec("INSERT INTO number_request_ranges (id, number_request_id, account_id, range_start, range_end, valid_from) VALUES ($1, $2, $3, $4, $4, $5)",
            Guid.CreateVersion7(now), requestId, accountId, start, now);
        await Exec("INSERT INTO outbox_messages (id, account_id, channel, event_type, destination, payload, status, attempts, next_attempt_at, created_at, updated_at) " +
                   "VALUES ($1, $3, 'webhook', 'number_request.status_changed', $6, $4, 'pending', 0, $5, $5, $5), " +
                   "($2, $3, 'email', 'number_request.status_changed', NULL, $4, 'pending', 0, $5, $5, $5)",
            Guid.CreateVersion7(now), Guid.CreateVersion7(now), accountId, "{\"numberRequestId\":\"" + requestId + "\"}", now, callbackUrl);
        await tx.CommitAsync();
    }
}
