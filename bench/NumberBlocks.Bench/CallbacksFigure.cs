using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace NumberBlocks.Bench;

/// <summary>A loopback Kestrel receiver that answers 204 and counts deliveries per webhook-id.</summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentDictionary<string, int> Attempts { get; } = new();
    public int Port { get; }
    private long _total;
    public long Total => Interlocked.Read(ref _total);
    public long LastTicks;
    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    private CountingReceiver(WebApplication app, int port) { _app = app; Port = port; }

    public static async Task<CountingReceiver> StartAsync()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        CountingReceiver? self = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var r = self!;
            // Read the body as a receiver must (to verify the signature), then count the id.
            using var reader = new StreamReader(http.Request.Body);
            await reader.ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            r.Attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref r._total);
            Interlocked.Exchange(ref r.LastTicks, Stopwatch.GetTimestamp());
            return Results.StatusCode(204);
        });
        self = new CountingReceiver(app, port);
        await app.StartAsync();
        return self;
    }

    public void Reset() { Attempts.Clear(); Interlocked.Exchange(ref _total, 0); }

    public async ValueTask DisposeAsync() { await _app.StopAsync(); await _app.DisposeAsync(); }
}

/// <summary>
/// Figure 5: (a) 10,000 pending CM.com number requests (quantity 1, with a callbackUrl) on empty stock, fulfilled by one
/// stock import; (b) 100,000 callbacks queued in the outbox, released at once and drained by the service's outbox worker to
/// a loopback receiver. Baseline for (b): the minimum durable delivery, measured in the same run after the service is
/// stopped: raw SQL that per batch of 128 leases the rows (one UPDATE … RETURNING), signs and POSTs them with the same
/// concurrency, and records the outcomes (one UPDATE), each committed. Reference: the same POSTs (bodies and headers
/// precomputed) from a plain HttpClient loop that touches no database, to the same receiver. Lost = ids queued but never received; duplicated = ids received more
/// than once (the receiver always answers 204, so any second attempt is a duplicate).
/// </summary>
public static class CallbacksFigure
{
    public sealed record Result(int Requests, Samples CreateLatency, TimeSpan Fulfil, long Fulfilled, int Queued, TimeSpan Drain, long Distinct,
        long Lost, long Duplicated, long MaxAttemptsInDb, TimeSpan Baseline, int BaselineCount, int Concurrency,
        TimeSpan Durable, long DurableLost, long DurableDuplicated);

    public static async Task<Result> RunAsync(string provider, string? pg, int requests, int callbacks, int concurrency)
    {
        await using var receiver = await CountingReceiver.StartAsync();
        var db = await BenchDatabase.CreateAsync(provider, pg);
        await db.MigrateAsync();
        await using var service = await ServiceProcess.StartAsync(provider, db.ConnectionString, new Dictionary<string, string>
        {
            ["NumberBlocks__Callbacks__AllowedHosts__0"] = $"127.0.0.1:{receiver.Port}",
            ["NumberBlocks__Callbacks__MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        });
        using var bench = await CmAccount.CreateAsync(service);
        var (op, accountId, cm) = (bench.Operator, bench.AccountId, bench.Cm);

        // (a) pending requests on empty stock, 8 clients at a time.
        var latency = new Samples("create number request");
        var url = $"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests";
        var body = JsonSerializer.Serialize(new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE", callbackUrl = receiver.Url("/cm") });
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var sw = Stopwatch.StartNew();
                using var response = await cm.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
                var elapsed = sw.Elapsed;
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"Create request failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                lock (latency) latency.Add(elapsed);
            }
        }));

        await using var raw = await db.OpenRawAsync();
        var csv = new StringBuilder("start_at,end_at,number_type,area_code,city\n");
        for (var i = 0; i < requests / 1000 + 1; i++)
            csv.Append(CultureInfo.InvariantCulture, $"+{ImportFigure.FirstNumber + i * 1000L},+{ImportFigure.FirstNumber + i * 1000L + 999},local,201,Essen\n");
        var fulfil = Stopwatch.StartNew();
        (await op.PostAsync("/admin/v1/stock/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        long fulfilled = 0;
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline && (fulfilled = await ScalarAsync(raw, "SELECT COUNT(*) FROM number_requests WHERE status = 'completed'")) < requests)
            await Task.Delay(50);
        var fulfilTime = fulfil.Elapsed;
        // Let the fulfilment's own callbacks and e-mails drain before the measured drain starts.
        while (DateTime.UtcNow < deadline && await ScalarAsync(raw, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending'") > 0)
            await Task.Delay(100);
        var fulfilmentDuplicates = receiver.Attempts.Count(a => a.Value > 1);
        if (fulfilmentDuplicates > 0) Console.WriteLine($"  fulfilment callbacks: {fulfilmentDuplicates} ids received more than once");
        receiver.Reset();

        // (b) 100,000 callbacks queued (not yet due), then released with one UPDATE.
        var payload = (int i) => $$$"""{"event":"bench.callback","sequence":{{{i}}},"numberRequest":{"id":"{{{Guid.NewGuid()}}}","status":"completed","numbers":["+4920110000000"]}}""";
        var ids = new List<Guid>(callbacks);
        var later = DateTimeOffset.UtcNow.AddDays(1);
        await InsertQueuedAsync(db, raw, accountId, receiver.Url("/drain"), "bench.callback", callbacks, payload, later, ids);
        var drain = Stopwatch.StartNew();
        var releaseStart = Stopwatch.GetTimestamp();
        await using (var release = raw.CreateCommand())
        {
            release.CommandText = "UPDATE outbox_messages SET next_attempt_at = created_at WHERE event_type = 'bench.callback'";
            await release.ExecuteNonQueryAsync();
        }
        deadline = DateTime.UtcNow.AddMinutes(15);
        while (DateTime.UtcNow < deadline && receiver.Attempts.Count < callbacks) await Task.Delay(20);
        var drainTime = Stopwatch.GetElapsedTime(releaseStart, Interlocked.Read(ref receiver.LastTicks));
        // Give stragglers (duplicates) a moment, then wait for the outbox to record every outcome.
        while (DateTime.UtcNow < deadline && await ScalarAsync(raw, "SELECT COUNT(*) FROM outbox_messages WHERE event_type = 'bench.callback' AND status = 'pending'") > 0)
            await Task.Delay(100);
        await Task.Delay(1000);
        var expected = ids.Select(id => "msg_" + id.ToString("N")).ToHashSet();
        var received = receiver.Attempts.ToDictionary();
        var lost = expected.Count(id => !received.ContainsKey(id));
        var duplicated = received.Where(kv => expected.Contains(kv.Key)).Sum(kv => (long)kv.Value - 1);
        var maxAttempts = await ScalarAsync(raw, "SELECT COALESCE(MAX(attempts), 0) FROM outbox_messages WHERE event_type = 'bench.callback'");
        var notDelivered = await ScalarAsync(raw, "SELECT COUNT(*) FROM outbox_messages WHERE event_type = 'bench.callback' AND status <> 'delivered'");
        if (notDelivered > 0) Console.WriteLine($"  {notDelivered} queued callbacks are not marked delivered in the outbox");
        _ = drain;

        // Durable baseline: the service stopped, the same number of callbacks queued and released the same way, then
        // drained by the minimum code that keeps the outbox's guarantees (raw SQL, batches of 128 in series).
        var secret = await StringAsync(raw, $"SELECT webhook_secret FROM accounts WHERE id = '{accountId}'");
        await service.DisposeAsync();
        receiver.Reset();
        var durableIds = new List<Guid>(callbacks);
        await InsertQueuedAsync(db, raw, accountId, receiver.Url("/durable"), "bench.durable", callbacks, payload, later, durableIds);
        await using (var release = raw.CreateCommand())
        {
            release.CommandText = "UPDATE outbox_messages SET next_attempt_at = created_at WHERE event_type = 'bench.durable'";
            await release.ExecuteNonQueryAsync();
        }
        var durable = await DurableLoopAsync(db, raw, secret, concurrency);
        var durableExpected = durableIds.Select(id => "msg_" + id.ToString("N")).ToHashSet();
        var durableReceived = receiver.Attempts.ToDictionary();
        var durableLost = durableExpected.Count(id => !durableReceived.ContainsKey(id));
        var durableDuplicated = durableReceived.Where(kv => durableExpected.Contains(kv.Key)).Sum(kv => (long)kv.Value - 1);
        var durableOpen = await ScalarAsync(raw, "SELECT COUNT(*) FROM outbox_messages WHERE event_type = 'bench.durable' AND status <> 'delivered'");
        if (durableOpen > 0) Console.WriteLine($"  durable baseline: {durableOpen} callbacks not marked delivered");

        // Reference: the same POSTs from a plain HttpClient loop (no database, no signing), same concurrency, same receiver.
        receiver.Reset();
        var baselineCount = callbacks;
        var baseline = await PlainLoopAsync(receiver.Url("/plain"), baselineCount, concurrency, payload);
        if (receiver.Attempts.Count != baselineCount) Console.WriteLine($"  baseline: receiver counted {receiver.Attempts.Count} of {baselineCount}");
        return new Result(requests, latency, fulfilTime, fulfilled, callbacks, drainTime, expected.Count - lost, lost, duplicated, maxAttempts,
            baseline, baselineCount, concurrency, durable, durableLost, durableDuplicated);
    }

    private static async Task<string> StringAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (string)(await cmd.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No value: {sql}"));
    }

    /// <summary>Rows leased per batch by the durable baseline, as the service leases four rounds of 32.</summary>
    private const int DurableBatch = 128;

    /// <summary>
    /// The minimum work delivery must do to keep its guarantees, with nothing else: per batch of
    /// <see cref="DurableBatch"/>, lease the due rows under a new token (one UPDATE … RETURNING, committed), sign each
    /// (Standard Webhooks HMAC-SHA256) and POST it with <paramref name="concurrency"/> in flight, then record the
    /// outcomes (one UPDATE, committed, only where the token still holds). Until a lease finds nothing due.
    /// </summary>
    private static async Task<TimeSpan> DurableLoopAsync(BenchDatabase db, DbConnection connection, string secret, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        await using var lease = connection.CreateCommand();
        lease.CommandText = "UPDATE outbox_messages SET lease_token = @token, lease_until = @until, attempts = attempts + 1, updated_at = @now " +
            "WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
            $"ORDER BY next_attempt_at, id LIMIT {DurableBatch}{(db.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")}) RETURNING id, destination, payload";
        var token = BenchDatabase.Param(lease, "@token"); var until = BenchDatabase.Param(lease, "@until"); var now = BenchDatabase.Param(lease, "@now");
        await using var record = connection.CreateCommand();
        record.CommandText = db.IsPostgres
            ? "UPDATE outbox_messages SET status = 'delivered', completed_at = @now, lease_token = NULL, lease_until = NULL, last_status_code = 204, updated_at = @now " +
              "WHERE id = ANY(@ids) AND lease_token = @token"
            : "UPDATE outbox_messages SET status = 'delivered', completed_at = @now, lease_token = NULL, lease_until = NULL, last_status_code = 204, updated_at = @now " +
              "WHERE id IN (SELECT value FROM json_each(@ids)) AND lease_token = @token";
        var recordNow = BenchDatabase.Param(record, "@now"); var recordToken = BenchDatabase.Param(record, "@token"); var recordIds = BenchDatabase.Param(record, "@ids");
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var leaseToken = Guid.NewGuid();
            var at = DateTimeOffset.UtcNow;
            token.Value = db.Id(leaseToken); until.Value = db.Instant(at.AddMinutes(5)); now.Value = db.Instant(at);
            var batch = new List<(Guid Id, string Url, string Body)>(DurableBatch);
            await using (var reader = await lease.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    batch.Add((reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
            if (batch.Count == 0) break;
            var delivered = new ConcurrentBag<Guid>();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (m, ct) =>
            {
                var id = "msg_" + m.Id.ToString("N");
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var signature = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{m.Body}")));
                using var request = new HttpRequestMessage(HttpMethod.Post, m.Url) { Content = new StringContent(m.Body, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("webhook-id", id);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
                request.Headers.TryAddWithoutValidation("webhook-signature", signature);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if ((int)response.StatusCode is >= 200 and < 300) delivered.Add(m.Id);
            });
            recordNow.Value = db.Instant(DateTimeOffset.UtcNow); recordToken.Value = db.Id(leaseToken);
            recordIds.Value = db.IsPostgres ? delivered.ToArray() : JsonSerializer.Serialize(delivered.Select(id => id.ToString()));
            await record.ExecuteNonQueryAsync();
        }
        return sw.Elapsed;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task InsertQueuedAsync(BenchDatabase db, DbConnection connection, Guid accountId, string url, string eventType, int count,
        Func<int, string> payload, DateTimeOffset due, List<Guid> ids)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++) ids.Add(Guid.CreateVersion7(now));
        if (db.IsPostgres)
        {
            await using (var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                "COPY outbox_messages (id, account_id, channel, event_type, destination, payload, status, attempts, next_attempt_at, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
            {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(accountId, NpgsqlDbType.Uuid);
                await copy.WriteAsync("webhook", NpgsqlDbType.Text);
                await copy.WriteAsync(eventType, NpgsqlDbType.Text);
                await copy.WriteAsync(url, NpgsqlDbType.Text);
                await copy.WriteAsync(payload(i), NpgsqlDbType.Text);
                await copy.WriteAsync("pending", NpgsqlDbType.Text);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(due, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
            }
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE outbox_messages";
            await analyze.ExecuteNonQueryAsync();
            return;
        }
        await using var tx = await connection.BeginTransactionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO outbox_messages (id, account_id, channel, event_type, destination, payload, status, attempts, next_attempt_at, created_at, updated_at) " +
            "VALUES (@id, @a, 'webhook', @type, @u, @p, 'pending', 0, @due, @now, @now)";
        BenchDatabase.Param(cmd, "@type").Value = eventType;
        var id = BenchDatabase.Param(cmd, "@id"); var a = BenchDatabase.Param(cmd, "@a"); var u = BenchDatabase.Param(cmd, "@u");
        var p = BenchDatabase.Param(cmd, "@p"); var d = BenchDatabase.Param(cmd, "@due"); var n = BenchDatabase.Param(cmd, "@now");
        a.Value = accountId.ToString(); u.Value = url; d.Value = due.UtcTicks; n.Value = now.UtcTicks;
        for (var i = 0; i < count; i++)
        {
            id.Value = ids[i].ToString();
            p.Value = payload(i);
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>The physical limit here: the same signed-size POSTs, <paramref name="concurrency"/> loops on one HttpClient.</summary>
    private static async Task<TimeSpan> PlainLoopAsync(string url, int count, int concurrency, Func<int, string> payload)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
        var bodies = Enumerable.Range(0, count).Select(payload).ToArray();
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(bodies[i], Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("webhook-id", "msg_plain_" + i.ToString(CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation("webhook-timestamp", "1764662400");
                request.Headers.TryAddWithoutValidation("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if ((int)response.StatusCode is < 200 or >= 300) throw new InvalidOperationException($"Receiver answered {(int)response.StatusCode}.");
            }
        }));
        return sw.Elapsed;
    }
}
