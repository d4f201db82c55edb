using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Api.Tests.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Ledger;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// The loss of the database machine: a primary and a synchronous standby (<see cref="TestReplicatedPostgres"/>), three
/// service processes with the multi-host connection string (list views reading from the standby), and clients with
/// Idempotency-Keys creating porting orders with a block and CM.com number requests served from stock, retrying every
/// 503 and dropped connection with the same key. The primary is killed with SIGKILL and the standby promoted. Every
/// process answers writes again within 10 s; afterwards every acknowledged write is on the new primary once, nothing
/// is there that was not acknowledged, and no two ledger claims overlap.
/// </summary>
[Collection(LedgerRaceCollection.Name)]
public sealed class FailoverTests
{
    private const int Processes = 3;
    private const int ClientsPerProcess = 2;
    private static readonly TimeSpan RecoveryGoal = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(4);
    private const int WarmAcks = 40;
    private static readonly TimeSpan LoadAfterRecovery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(45);

    private enum Kind { PortingOrder, NumberRequest }

    private sealed record Ack(string Key, Kind Kind, string Id, int Process, double StartedAt, double EndedAt, int Attempts, bool Replayed);

    [Fact(Timeout = 180_000)]
    public async Task Failover_PrimaryKilledStandbyPromoted_AnswersWithin10sEveryAcknowledgedWriteKeptOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await TestReplicatedPostgres.StartAsync();
        var processes = new List<ServiceProcess>();
        var http = new List<HttpClient>();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["NumberBlocks__Database__StandbyReads"] = "true",
                ["NumberBlocks__RateLimits__Burst"] = "100000",
                ["NumberBlocks__RateLimits__RequestsPerSecond"] = "100000",
            };
            var starts = Enumerable.Range(0, Processes).Select(_ => ServiceProcess.StartAsync(cluster.ServiceConnectionString, ct, settings)).ToList();
            try { await Task.WhenAll(starts); }
            finally { processes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }
            HttpClient Client(int process, string? bearer = null, string? cmToken = null)
            {
                var c = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
                {
                    BaseAddress = processes[process].Url,
                    Timeout = TimeSpan.FromSeconds(30),
                };
                if (bearer is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                if (cmToken is not null) c.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", cmToken);
                http.Add(c);
                return c;
            }

            var op = Client(0, ServiceFactory.OperatorKey);
            var account = (await (await op.PostAsJsonAsync("/admin/v1/accounts", new { name = "failover" }, ct)).ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
            var (accountId, apiKey) = (account.Str("id"), account.Str("api_key"));
            var csv = new StringBuilder("start_at,end_at,number_type,area_code,city,region\n");
            for (var i = 0; i < 4; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"+492012345{i}000,+492012345{i}999,local,201,Essen,NRW\n");
            await (await op.PostAsync("/admin/v1/stock/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), ct)).ExpectAsync(HttpStatusCode.OK);

            var clock = Stopwatch.StartNew();
            var acks = new ConcurrentQueue<Ack>();
            var problems = new ConcurrentQueue<string>();
            var statuses = new ConcurrentDictionary<string, int>();
            var started = new ConcurrentDictionary<string, byte>();
            double killedAt = double.NaN;
            using var stop = new CancellationTokenSource();

            async Task Writer(int client)
            {
                var process = client % Processes;
                using var telnyx = Client(process, bearer: apiKey);
                using var cm = Client(process, cmToken: apiKey);
                for (var seq = 0; seq < 10_000 && !stop.IsCancellationRequested; seq++)
                {
                    var kind = seq % 2 == 0 ? Kind.PortingOrder : Kind.NumberRequest;
                    var key = $"failover-{client}-{seq}";
                    started[key] = 0;
                    var start = 4920125000000L + client * 100_000L + seq * 100L;
                    var (path, body, clientHttp) = kind == Kind.PortingOrder
                        ? ("/v2/porting_orders", $$"""
                            {"customer_reference": "{{key}}", "phone_number_blocks": [{"phone_number_range": {"start_at": "+{{start}}", "end_at": "+{{start + 9}}"},
                             "activation_ranges": [{"start_at": "+{{start}}", "end_at": "+{{start + 4}}"}]}]}
                            """, telnyx)
                        : ($"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests",
                            $$"""{"quantity": 1, "numberType": "local", "areaCode": "201", "city": "Essen", "countryCode": "DE", "comment": "{{key}}"}""", cm);
                    var begun = clock.Elapsed.TotalSeconds;
                    var last = "";
                    for (var attempt = 1; ; attempt++)
                    {
                        if (clock.Elapsed.TotalSeconds - begun > WriteBudget.TotalSeconds)
                        {
                            problems.Enqueue($"{key}: not acknowledged within {WriteBudget.TotalSeconds} s; last: {last}");
                            return;
                        }
                        var attemptStarted = clock.Elapsed.TotalSeconds;
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(body) };
                            request.Headers.Add("Idempotency-Key", key);
                            using var response = await clientHttp.SendAsync(request);
                            var text = await response.Content.ReadAsStringAsync();
                            var code = (int)response.StatusCode;
                            statuses.AddOrUpdate(code.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                var root = JsonDocument.Parse(text).RootElement;
                                var id = kind == Kind.PortingOrder ? root.GetProperty("data")[0].Str("id") : root.Str("numberRequestId");
                                acks.Enqueue(new Ack(key, kind, id, process, attemptStarted, clock.Elapsed.TotalSeconds, attempt,
                                    response.Headers.Contains("Idempotent-Replayed")));
                                break;
                            }
                            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                                problems.Enqueue($"{key}: 503 without Retry-After: {text}");
                            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict))
                            {
                                problems.Enqueue($"{key}: {code} {text}");
                                break;
                            }
                            last = $"{code} {text}";
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                        {
                            statuses.AddOrUpdate("connection error", 1, (_, n) => n + 1);
                            last = ex.GetType().Name + ": " + ex.Message;
                        }
                        await Task.Delay(100);
                    }
                }
            }

            // List views read from the standby while it is one; during the failover they are 200 or 503, never 500.
            var reads = new ConcurrentDictionary<int, int>();
            async Task Reader(int process)
            {
                using var client = Client(process, bearer: apiKey);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.GetAsync("/v2/porting_orders?page[size]=1");
                        reads.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        reads.AddOrUpdate(0, 1, (_, n) => n + 1);
                    }
                    await Task.Delay(250);
                }
            }

            var writers = Enumerable.Range(0, Processes * ClientsPerProcess).Select(c => Task.Run(() => Writer(c))).ToList();
            var readers = Enumerable.Range(0, Processes).Select(p => Task.Run(() => Reader(p))).ToList();

            // Warm (every process has answered writes, JIT done) and in the middle of the clients' writes.
            while (clock.Elapsed < TimeSpan.FromSeconds(30) && (acks.Count < WarmAcks || clock.Elapsed < LoadBeforeKill)) await Task.Delay(50, ct);
            var replication = await cluster.ReplicationStateAsync();
            var standbyReaders = await ScalarAsync(cluster.ConnectionString(cluster.StandbyPort, "postgres"),
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'numberblocks' AND backend_type = 'client backend'");
            var ackedBeforeKill = acks.Count;
            killedAt = clock.Elapsed.TotalSeconds;
            var killed = cluster.KillPrimary();
            var promoteWatch = Stopwatch.StartNew();
            await cluster.PromoteStandbyAsync();
            var promoteSeconds = promoteWatch.Elapsed.TotalSeconds;

            // Recovered: every process has acknowledged a write whose attempt began after the kill.
            double?[] recovered = new double?[Processes];
            while (clock.Elapsed.TotalSeconds - killedAt < RecoveryGoal.TotalSeconds + 20)
            {
                foreach (var a in acks)
                    if (a.StartedAt > killedAt && (recovered[a.Process] is null || a.EndedAt - killedAt < recovered[a.Process]))
                        recovered[a.Process] = a.EndedAt - killedAt;
                if (recovered.All(r => r is not null)) break;
                await Task.Delay(50, ct);
            }
            await Task.Delay(LoadAfterRecovery, ct);
            await stop.CancelAsync();
            await Task.WhenAll(writers.Concat(readers));

            // The audit, on the new primary alone.
            await using var db = Open(cluster.ConnectionString(cluster.StandbyPort));
            var isPrimary = await db.Database.SqlQueryRaw<bool>("SELECT NOT pg_is_in_recovery() AS \"Value\"").SingleAsync(ct);
            var orders = await db.PortingOrders.AsNoTracking().Select(o => new { o.Id, o.CustomerReference }).ToListAsync(ct);
            var requests = await db.NumberRequests.AsNoTracking().Select(r => new { r.Id, r.Comment, r.Status }).ToListAsync(ct);
            var report = await DatabaseAudit.RunAsync(db);
            var stock = (await (await op.GetAsync("/admin/v1/stock/audit", ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");

            var acked = acks.ToList();
            var found = new Dictionary<string, List<string>>();
            foreach (var o in orders) Add(found, o.CustomerReference ?? "", o.Id.ToString());
            foreach (var r in requests) Add(found, r.Comment ?? "", r.Id.ToString());
            var missing = acked.Where(a => !found.TryGetValue(a.Key, out var ids) || !ids.Contains(Guid.Parse(a.Id).ToString())).ToList();
            var latencies = acked.Select(a => (a.EndedAt - a.StartedAt) * 1000).Order().ToList();
            var duplicated = found.Where(f => f.Value.Count > 1).Select(f => f.Key).ToList();
            var unacknowledged = found.Keys.Except(acked.Select(a => a.Key)).ToList();
            var recoverSeconds = recovered.Max() ?? double.NaN;

            var summary = $"failover: {killed} primary processes SIGKILLed at {killedAt:F1} s, standby promoted in {promoteSeconds:F2} s; " +
                          $"writes acknowledged {acked.Count} ({ackedBeforeKill} before the kill; {acked.Count(a => a.Kind == Kind.PortingOrder)} porting orders, " +
                          $"{acked.Count(a => a.Kind == Kind.NumberRequest)} number requests; {acked.Count(a => a.Attempts > 1)} after retries, " +
                          $"{acked.Count(a => a.Replayed)} by replay), writes found {found.Sum(f => f.Value.Count)} ({orders.Count} orders, {requests.Count} requests), " +
                          $"missing {missing.Count}, duplicated {duplicated.Count}, unacknowledged {unacknowledged.Count}; seconds to recover " +
                          $"{string.Join(" / ", recovered.Select(r => r is { } v ? v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "never"))} " +
                          $"(max {recoverSeconds:F1}); write latency median {latencies[latencies.Count / 2]:F0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F0} ms; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; " +
                          $"list reads {string.Join(", ", reads.OrderBy(r => r.Key).Select(r => $"{(r.Key == 0 ? "connection error" : r.Key)}: {r.Value}"))} " +
                          $"(service connections on the standby before the kill: {standbyReaders}); replication before the kill: {replication}; audit: {report}";
            TestContext.Current.SendDiagnosticMessage("[failover] " + summary);
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            var errors = processes.SelectMany(p => p.Output.Split('\n')).Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
                .OrderByDescending(l => l.Contains("UnexpectedErrorHandler", StringComparison.Ordinal)).ToList();
            Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(10)) + "\nerrors logged by the services:\n" + string.Join("\n", errors.Take(2)));
            Assert.Contains("sync", replication, StringComparison.Ordinal);
            Assert.True(isPrimary, "the promoted standby is still in recovery");
            Assert.True(killed >= 2, $"only {killed} primary processes were killed");
            Assert.True(ackedBeforeKill >= WarmAcks, $"only {ackedBeforeKill} writes were acknowledged before the kill");
            Assert.True(recovered.All(r => r is not null && r <= RecoveryGoal.TotalSeconds), $"recovery per process: {string.Join(", ", recovered)} s");
            Assert.Equal(started.Count, acked.Count); // every write a client began was acknowledged in the end
            Assert.Empty(missing);
            Assert.Empty(duplicated);
            Assert.Empty(unacknowledged);
            Assert.True(report.Clean, report.ToString());
            Assert.True(stock.GetProperty("balanced").GetBoolean(), stock.ToString());
            Assert.Equal(acked.Count(a => a.Kind == Kind.NumberRequest), stock.GetProperty("assigned").GetInt64());
            Assert.All(requests, r => Assert.Equal("completed", r.Status));
            Assert.DoesNotContain(500, reads.Keys);
            Assert.False(statuses.ContainsKey("500"));
            Assert.True(Convert.ToInt64(standbyReaders, System.Globalization.CultureInfo.InvariantCulture) > 0, "no list view was read from the standby");
        }
        finally
        {
            foreach (var c in http) c.Dispose();
            foreach (var p in processes) await p.DisposeAsync();
        }
    }

    private static void Add(Dictionary<string, List<string>> found, string key, string id)
    {
        if (!found.TryGetValue(key, out var ids)) found[key] = ids = [];
        ids.Add(id);
    }

    private static NumberBlocksDbContext Open(string connection)
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, connection);
        return new NumberBlocksDbContext(options.Options);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }
}
