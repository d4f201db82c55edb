using NumberBlocks.Domain.Porting;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Ledger;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// Every background worker with three service processes on one PostgreSQL database, all of them running at once over
/// the same work: draft cleanup (30 expired drafts, removed at each process's start), fulfilment (60 pending number
/// requests, stock imported through all three processes at once so all three workers wake), activation jobs (6 due
/// jobs, polled by all three every second) and the outbox (every porting event and number request callback to one
/// receiver). Afterwards each item was handled exactly once and no worker logged a failure.
/// </summary>
[Collection(LedgerRaceCollection.Name)]
public sealed class WorkersMultiProcessTests
{
    private const int Drafts = 30;
    private const int Requests = 60;
    private const int PerRequest = 2;
    private const int ActivationOrders = 6;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 240_000)]
    public async Task Workers_ThreeServiceProcessesOnOnePostgres_EachItemHandledOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var processes = new List<ServiceProcess>();
        var clients = new List<HttpClient>();
        try
        {
            // Before the processes start: an account whose porting events go to the receiver, and drafts 31 days old.
            var (accountId, apiKey) = await PrepareDraftsAsync(connection, receiver);

            var settings = new Dictionary<string, string>
            {
                ["NumberBlocks__Callbacks__AllowedHosts__0"] = receiver.AllowedHostEntry,
                ["NumberBlocks__RateLimits__Burst"] = "100000",
                ["NumberBlocks__RateLimits__RequestsPerSecond"] = "100000",
            };
            var starts = Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(connection, ct, settings)).ToList();
            try { await Task.WhenAll(starts); }
            finally { processes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }
            var watch = Stopwatch.StartNew();
            HttpClient Client(int i, string? bearer, bool cm = false)
            {
                var c = new HttpClient { BaseAddress = processes[i % processes.Count].Url, Timeout = TimeSpan.FromSeconds(60) };
                if (cm) c.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", bearer);
                else c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                clients.Add(c);
                return c;
            }
            var customers = Enumerable.Range(0, 3).Select(i => Client(i, apiKey)).ToList();
            var cms = Enumerable.Range(0, 3).Select(i => Client(i, apiKey, cm: true)).ToList();
            var operators = Enumerable.Range(0, 3).Select(i => Client(i, ServiceFactory.OperatorKey)).ToList();

            // Fulfilment: requests on empty stock (pending), then stock through all three processes at once.
            var requestIds = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
            {
                var body = new { quantity = PerRequest, numberType = "local", areaCode = "201", city = "Essen", countryCode = "DE", callbackUrl = receiver.Url("/cm") };
                var created = await (await cms[i % 3].PostAsJsonAsync($"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests", body, ct)).ExpectAsync(HttpStatusCode.Created);
                Assert.Equal("pending", created.Str("status"));
                return created.Str("id");
            }));
            await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
            {
                var csv = $"start_at,end_at,number_type,area_code,city,region\n+49201234{5 + i}0000,+49201234{5 + i}0099,local,201,Essen,NRW\n";
                await (await operators[i].PostAsync("/admin/v1/stock/import", new StringContent(csv, Encoding.UTF8, "text/csv"), ct)).ExpectAsync(HttpStatusCode.OK);
            }));

            // Activation jobs: US FastPort orders with their FOC five minutes ago, activated at once, through each process.
            var ported = await Task.WhenAll(Enumerable.Range(0, ActivationOrders).Select(i =>
                ActivateUsOrderAsync(customers[i % 3], operators[(i + 1) % 3], $"+130355500{11 + i}", ct)));

            // Wait (bounded) until every worker has finished its share.
            await UntilAsync(async () =>
            {
                await using var db = Open(connection);
                var open = await db.NumberRequests.CountAsync(r => r.Status != "completed", ct);
                var notPorted = await db.PortingOrders.CountAsync(o => ported.Contains(o.Id) && o.Status != PortingOrderStatus.Ported, ct);
                var undelivered = await db.OutboxMessages.CountAsync(m => m.Channel == "webhook" && m.Status != "delivered", ct);
                var drafts = await db.PortingOrders.CountAsync(o => o.Status == PortingOrderStatus.Draft, ct);
                return open == 0 && notPorted == 0 && undelivered == 0 && drafts == 0;
            }, watch);
            var seconds = watch.Elapsed.TotalSeconds;

            await using var audit = Open(connection);
            // Drafts: all removed, one porting_order.deleted event each, their numbers released.
            Assert.Equal(0, await audit.PortingOrders.CountAsync(o => o.Status == PortingOrderStatus.Draft, ct));
            var deletedEvents = await audit.PortingEvents.Where(e => e.EventType == "porting_order.deleted").GroupBy(e => e.PortingOrderId).Select(g => g.Count()).ToListAsync(ct);
            Assert.Equal(Drafts, deletedEvents.Count);
            Assert.All(deletedEvents, n => Assert.Equal(1, n));
            Assert.Equal(0, await audit.LedgerClaims.CountAsync(c => c.HolderKind == "porting_order" && c.RangeStart >= 4920123400000 && c.RangeEnd <= 4920123409999, ct));

            // Fulfilment: every request completed with exactly its numbers, no number given twice, stock balanced.
            var requests = await audit.NumberRequests.AsNoTracking().ToListAsync(ct);
            Assert.Equal(Requests, requests.Count);
            Assert.All(requests, r => Assert.Equal(("completed", PerRequest), (r.Status, r.AssignedCount)));
            var ranges = await audit.NumberRequestRanges.AsNoTracking().OrderBy(r => r.RangeStart).ToListAsync(ct);
            Assert.Equal(Requests * PerRequest, ranges.Sum(r => r.RangeEnd - r.RangeStart + 1));
            for (var i = 1; i < ranges.Count; i++) Assert.True(ranges[i].RangeStart > ranges[i - 1].RangeEnd, "two requests were given the same number");
            var stock = (await (await operators[0].GetAsync("/admin/v1/stock/audit", ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
            Assert.True(stock.GetProperty("balanced").GetBoolean(), stock.ToString());
            Assert.Equal(Requests * PerRequest, stock.GetProperty("assigned").GetInt64());

            // Activation jobs: each order ported once, by one completed job.
            foreach (var orderId in ported)
            {
                Assert.Equal([ActivationJobStatus.Completed], await audit.PortingActivationJobs.Where(j => j.PortingOrderId == orderId).Select(j => j.Status).ToListAsync(ct));
                var events = await audit.PortingEvents.Where(e => e.PortingOrderId == orderId).Select(e => e.PayloadJson).ToListAsync(ct);
                Assert.Equal(1, events.Count(p => p.Contains("\"ported\"", StringComparison.Ordinal)));
            }

            // Outbox: every webhook delivered once (the receiver always answers 204, so a second attempt is a duplicate).
            var webhooks = await audit.OutboxMessages.AsNoTracking().Where(m => m.Channel == "webhook").Select(m => new { m.Id, m.Attempts }).ToListAsync(ct);
            var received = receiver.Received.ToList();
            var duplicates = received.GroupBy(r => r.Id).Count(g => g.Count() > 1);
            Assert.Equal(0, duplicates);
            Assert.Equal(webhooks.Count, received.Count);
            Assert.All(webhooks, m => Assert.Equal(1, m.Attempts));

            // The ledger: no overlapping claims, every block whole.
            var report = await DatabaseAudit.RunAsync(audit);
            Assert.True(report.Clean, report.ToString());

            var failures = processes.SelectMany(p => p.Output.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal))).ToList();
            var summary = $"3 processes, {seconds:F1} s: {Drafts} expired drafts removed once each, {Requests} requests fulfilled ({ranges.Count} ranges, " +
                          $"{Requests * PerRequest} numbers, none twice), {ActivationOrders} activation jobs completed once each, {webhooks.Count} webhooks " +
                          $"delivered, {duplicates} duplicates; worker failures logged: {failures.Count}";
            TestContext.Current.SendDiagnosticMessage("[workers] " + summary);
            TestContext.Current.TestOutputHelper?.WriteLine(summary);
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)) + "\n" + processes[0].Output);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            foreach (var p in processes) await p.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connection);
        }
    }

    private static NumberBlocksDbContext Open(string connection)
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, connection);
        return new NumberBlocksDbContext(options.Options);
    }

    /// <summary>Through one in-process service: creates the account and the drafts, and backdates them 31 days.</summary>
    private static async Task<(Guid AccountId, string ApiKey)> PrepareDraftsAsync(string connection, WebhookReceiver receiver)
    {
        await using var service = new ServiceFactory(TestDatabase.Postgres, connection) { KeepData = true };
        service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = receiver.AllowedHostEntry;
        var account = await service.NewAccountAsync("workers");
        using var op = service.Operator();
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/webhook_url", new { webhook_url = receiver.Url("/porting") })).ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < Drafts; i++)
        {
            var start = 4920123400000L + i * 100;
            var body = $$"""{"phone_number_blocks": [{"phone_number_range": {"start_at": "+{{start}}", "end_at": "+{{start + 9}}"}, "activation_ranges": []}]}""";
            await (await account.Client.PostAsync("/v2/porting_orders", Json.Body(body))).ExpectAsync(HttpStatusCode.Created);
        }
        await using var db = Open(connection);
        await db.Database.ExecuteSqlRawAsync("UPDATE porting_orders SET created_at = now() - interval '31 days' WHERE status = 'draft'");
        return (account.Id, account.ApiKey);
    }

    private static async Task<Guid> ActivateUsOrderAsync(HttpClient customer, HttpClient op, string number, CancellationToken ct)
    {
        var created = await (await customer.PostAsync("/v2/porting_orders", Json.Body(JsonSerializer.Serialize(new { phone_numbers = new[] { number } })), ct))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("data")[0].Str("id");
        await (await customer.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "submitted" }, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status",
            new { status = "foc-date-confirmed", foc_datetime_actual = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O") }, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await customer.PostAsync($"/v2/porting_orders/{id}/actions/activate", null, ct)).ExpectAsync(HttpStatusCode.Accepted);
        return Guid.Parse(id);
    }

    private static async Task UntilAsync(Func<Task<bool>> done, Stopwatch watch)
    {
        while (watch.Elapsed < Budget)
        {
            if (await done()) return;
            await Task.Delay(250);
        }
        Assert.Fail($"The workers did not finish within {Budget.TotalSeconds} s.");
    }
}
