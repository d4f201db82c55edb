using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// Issue 8's fault proof on SQLite: the service process is killed with SIGKILL again and again while clients with
/// Idempotency-Keys keep creating porting orders with a block and retrying. Afterwards no request was applied twice,
/// every acknowledged write is there, every block is whole, and PRAGMA integrity_check is ok.
/// </summary>
public sealed class FaultTests
{
    private const int Kills = 10;
    private const int Clients = 4;
    private const int Seed = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    private sealed record Ack(string Key, string OrderId, bool Replayed, int Attempts, string Body);

    [Fact]
    public async Task SigKill_WhileClientsCreateBlocksWithIdempotencyKeys_NoDuplicatesNothingLostBlocksWholeIntegrityOk()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var file = Path.Combine(Path.GetTempPath(), $"nb-fault-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file}";
        var random = new Random(Seed);
        var budget = Stopwatch.StartNew();
        var acks = new ConcurrentQueue<Ack>();
        var refusals = new ConcurrentQueue<string>();
        var started = new ConcurrentDictionary<string, byte>();
        var transient = 0;
        var kills = 0;
        var replayedAfterKills = 0;
        try
        {
            using var service = new RestartableServiceProcess(connectionString, ServiceFactory.OperatorKey, new Dictionary<string, string>
            {
                ["NumberBlocks__RateLimits__Burst"] = "100000",
                ["NumberBlocks__RateLimits__RequestsPerSecond"] = "100000",
            });
            await service.StartAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) })
            {
                BaseAddress = service.BaseAddress,
                Timeout = TimeSpan.FromSeconds(10),
            };
            var apiKey = await CreateAccountAsync(http);

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var seq = 0; seq < 1000 && !stop.IsCancellationRequested && budget.Elapsed < Budget; seq++)
                {
                    var key = $"fault-{c}-{seq}";
                    started[key] = 0;
                    var start = 4920125000000L + c * 100_000L + seq * 100L;
                    var body = $$"""
                        {"customer_reference": "{{key}}", "phone_number_blocks": [{"phone_number_range": {"start_at": "+{{start}}", "end_at": "+{{start + 99}}"},
                         "activation_ranges": [{"start_at": "+{{start}}", "end_at": "+{{start + 49}}"}]}]}
                        """;
                    var lastFailure = "";
                    for (var attempt = 1; ; attempt++)
                    {
                        if (attempt > 5000 || budget.Elapsed > Budget)
                        {
                            refusals.Enqueue($"{key}: gave up after {attempt - 1} attempts; last: {lastFailure}; service: {service.Tail()}");
                            return;
                        }
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = Json.Body(body) };
                            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                            request.Headers.Add("Idempotency-Key", key);
                            using var response = await http.SendAsync(request);
                            var text = await response.Content.ReadAsStringAsync();
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                var id = JsonDocument.Parse(text).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;
                                acks.Enqueue(new Ack(key, id, response.Headers.Contains(IdempotencyMiddleware.ReplayedHeader), attempt, body));
                                break;
                            }
                            if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable))
                            {
                                refusals.Enqueue($"{key}: {(int)response.StatusCode} {text}");
                                break;
                            }
                            lastFailure = $"{(int)response.StatusCode} {text}";
                            Interlocked.Increment(ref transient);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                        {
                            // The service is down or was killed mid-answer: retry with the same key.
                            lastFailure = ex.GetType().Name + ": " + ex.Message + " / " + ex.InnerException?.Message;
                            Interlocked.Increment(ref transient);
                        }
                        await Task.Delay(50);
                    }
                }
            })).ToList();

            for (var k = 0; k < Kills && budget.Elapsed < Budget; k++)
            {
                // Kill a warm process in the middle of the clients' writes: after it has acknowledged something.
                var before = acks.Count;
                var warm = Stopwatch.StartNew();
                while (acks.Count == before && warm.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
                await Task.Delay(random.Next(0, 400));
                service.Kill();
                kills++;
                await service.StartAsync(TimeSpan.FromSeconds(60));
            }
            await Task.Delay(500);
            stop.Cancel();
            await Task.WhenAll(clients);

            // Responses stored before the kills are replayed by the restarted process, byte for byte the same id.
            foreach (var ack in acks.Take(5))
            {
                using var again = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = Json.Body(ack.Body) };
                again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                again.Headers.Add("Idempotency-Key", ack.Key);
                using var replay = await http.SendAsync(again);
                Assert.True(replay.Headers.Contains(IdempotencyMiddleware.ReplayedHeader), $"{ack.Key} was not replayed");
                Assert.Equal(ack.OrderId, (await replay.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id"));
                replayedAfterKills++;
            }
            service.Kill();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        // Audit the file the killed processes left behind.
        await using (var check = new SqliteConnection(connectionString))
        {
            await check.OpenAsync();
            await using var cmd = check.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await cmd.ExecuteScalarAsync());
        }
        var orders = new List<(string Id, string? Reference)>();
        DatabaseAudit.Report audit;
        await using (var db = DatabaseAudit.OpenSqlite(connectionString))
        {
            orders = (await db.PortingOrders.AsNoTracking().Select(o => new { o.Id, o.CustomerReference }).ToListAsync())
                .Select(o => (o.Id.ToString(), o.CustomerReference)).ToList();
            audit = await DatabaseAudit.RunAsync(db);
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(file + suffix)) File.Delete(file + suffix);

        var acked = acks.ToList();
        var summary = $"fault: {kills} SIGKILLs survived, {acked.Count} acknowledged creates ({acked.Count(a => a.Replayed)} answered by replay, " +
                      $"{acked.Count(a => a.Attempts > 1)} after retries, {replayedAfterKills} replayed after the kills), {transient} transient failures retried, {orders.Count} orders stored; audit: {audit}";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage("[fault] " + summary); // shown in the run's output (xunit.runner.json)

        foreach (var refusal in refusals.Take(3)) output.WriteLine(refusal);
        Assert.Empty(refusals);
        Assert.True(kills >= Kills, $"only {kills} kills within the time budget");
        Assert.Equal(started.Count, acked.Count); // every client finished every request it began
        var byReference = orders.GroupBy(o => o.Reference).ToDictionary(g => g.Key ?? "", g => g.Select(o => o.Id).ToList());
        var duplicates = byReference.Where(p => p.Value.Count > 1).Select(p => p.Key).ToList();
        Assert.True(duplicates.Count == 0, $"applied twice: {string.Join(", ", duplicates)}");
        foreach (var ack in acked)
        {
            Assert.True(byReference.TryGetValue(ack.Key, out var ids), $"acknowledged {ack.Key} ({ack.OrderId}) is missing");
            Assert.Equal(ack.OrderId, ids!.Single());
        }
        Assert.Equal(acked.Count, orders.Count);
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(orders.Count, audit.Blocks);
    }

    private static async Task<string> CreateAccountAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/v1/accounts") { Content = Json.Body("""{"name": "fault"}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServiceFactory.OperatorKey);
        var response = await http.SendAsync(request);
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("api_key");
    }
}
