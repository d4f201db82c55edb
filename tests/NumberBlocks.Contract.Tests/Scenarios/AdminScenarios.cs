using System.Net;
using System.Text;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the operator API (/admin/v1, the operator key), each preparing what it
/// needs through the API itself: accounts of its own, orders and number requests made through the provider surfaces,
/// stock and catalogue blocks on numbers no other scenario uses.
/// </summary>
public sealed class AdminScenarios : IScenarioSource
{
    // Numbers of these scenarios alone: Essen +49 201 93xxxxx (stock, a thousand a range), +49 201 94xxxxx (porting
    // orders), Sydney +61 2 9555 xxxx (blocks for sale, a hundred each).
    private static int _nextStock;
    private static int _nextPorting;
    private static int _nextBlock;
    /// <summary>Where this run's numbers start, so a rerun on a kept database would not collide with the last one.</summary>
    private static readonly int Salt = Random.Shared.Next(900);

    /// <summary>A city no stock is loaded for: a number request there stays pending until the operator decides.</summary>
    private const string CityWithoutStock = "Kontraktstadt";

    public IEnumerable<Scenario> Scenarios()
    {
        // Accounts and keys.
        yield return new Scenario("AdminCreateAccount", HttpStatusCode.Created, _ =>
            Task.FromResult(Op(HttpMethod.Post, "/admin/v1/accounts", new { name = "Contract operator" })));
        yield return Ok("AdminListAccounts", async c => { await c.AccountAsync(); return Op(HttpMethod.Get, "/admin/v1/accounts?page[size]=5&page[number]=1"); });
        yield return Ok("AdminGetAccount", async c => Op(HttpMethod.Get, $"/admin/v1/accounts/{(await c.AccountAsync()).Id}"));
        yield return Ok("AdminListApiKeys", async c => Op(HttpMethod.Get, $"/admin/v1/accounts/{(await c.AccountAsync()).Id}/api_keys"));
        yield return new Scenario("AdminIssueApiKey", HttpStatusCode.Created, async c =>
            Op(HttpMethod.Post, $"/admin/v1/accounts/{(await c.AccountAsync()).Id}/api_keys"));
        yield return Ok("AdminRevokeApiKey", async c =>
        {
            var (account, _) = await c.Service.NewAccountAsync("Contract key revocation");
            var issued = await SendAsync(c, Op(HttpMethod.Post, $"/admin/v1/accounts/{account}/api_keys"), HttpStatusCode.Created);
            return Op(HttpMethod.Delete, $"/admin/v1/accounts/{account}/api_keys/{issued.GetProperty("data").GetProperty("id").GetString()}");
        });
        yield return Ok("AdminSetAccountWebhookUrl", async c =>
        {
            var (account, _) = await c.Service.NewAccountAsync("Contract webhook");
            return Op(HttpMethod.Put, $"/admin/v1/accounts/{account}/webhook_url", new { webhook_url = "https://webhooks.invalid/porting" });
        });
        yield return Ok("AdminGetWebhookSecret", async c => Op(HttpMethod.Get, $"/admin/v1/accounts/{(await c.AccountAsync()).Id}/webhook_secret"));
        yield return Ok("AdminRotateWebhookSecret", async c =>
        {
            var (account, _) = await c.Service.NewAccountAsync("Contract secret rotation");
            return Op(HttpMethod.Post, $"/admin/v1/accounts/{account}/webhook_secret/rotate");
        });
        yield return Ok("AdminSetNotificationEmail", async c =>
        {
            var (account, _) = await c.Service.NewAccountAsync("Contract notification e-mail");
            return Op(HttpMethod.Put, $"/admin/v1/accounts/{account}/notification_email", new { email = "noc@example.com" });
        });

        // Porting, the carrier side.
        yield return Ok("AdminListPortingOrders", async c =>
        {
            var (_, account) = await PortingOrderAsync(c);
            return Op(HttpMethod.Get, $"/admin/v1/porting_orders?filter[status]=draft&filter[account_id]={account}&page[size]=5");
        });
        yield return Ok("AdminGetPortingOrder", async c => Op(HttpMethod.Get, $"/admin/v1/porting_orders/{(await PortingOrderAsync(c)).Id}"));
        yield return Ok("AdminSetPortingOrderStatus", async c =>
        {
            var (id, _) = await PortingOrderAsync(c, confirm: true);
            return Op(HttpMethod.Post, $"/admin/v1/porting_orders/{id}/status", new
            {
                status = "exception",
                details = new[] { new { code = "ENTITY_NAME_MISMATCH", description = "The entity name does not match the losing carrier's records." } },
            });
        });

        // The outbox.
        yield return Ok("AdminListOutbox", async c =>
        {
            var (account, _) = await NumberRequestAsync(c);
            return Op(HttpMethod.Get, $"/admin/v1/outbox?filter[account_id]={account}&filter[channel]=email&page[size]=10");
        });
        yield return Ok("AdminGetOutboxMessage", async c =>
        {
            var (account, _) = await NumberRequestAsync(c);
            var messages = await SendAsync(c, Op(HttpMethod.Get, $"/admin/v1/outbox?filter[account_id]={account}"), HttpStatusCode.OK);
            return Op(HttpMethod.Get, $"/admin/v1/outbox/{messages.GetProperty("data")[0].GetProperty("id").GetString()}");
        });
        yield return Ok("AdminRedeliverOutboxMessage", async c => Op(HttpMethod.Post, $"/admin/v1/outbox/{await FailedMessageAsync(c)}/redeliver"));

        // Stock and request restrictions.
        yield return new Scenario("AdminLoadStock", HttpStatusCode.Created, _ =>
        {
            var start = NextStock();
            return Task.FromResult(Op(HttpMethod.Post, "/admin/v1/stock",
                new { start_at = $"+{start}", end_at = $"+{start + 999}", number_type = "local", area_code = "201", city = "Essen", region = "NRW" }));
        });
        yield return Ok("AdminImportStock", _ =>
        {
            var start = NextStock();
            var request = Op(HttpMethod.Post, "/admin/v1/stock/import");
            request.Content = new StringContent($"start_at,end_at,number_type,area_code,city\n+{start},+{start + 499},local,201,Essen\n+{start + 500},+{start + 999},local,201,Essen\n",
                Encoding.UTF8, "text/csv");
            return Task.FromResult(request);
        });
        yield return Ok("AdminListStock", async c =>
        {
            await StockAsync(c);
            return Op(HttpMethod.Get, "/admin/v1/stock?filter[country_code]=DE&filter[number_type]=local&page[size]=5");
        });
        yield return Ok("AdminGetNumberHistory", async c =>
        {
            var start = NextStock();
            await SendAsync(c, Op(HttpMethod.Post, "/admin/v1/stock", new { start_at = $"+{start}", end_at = $"+{start + 999}", number_type = "local" }),
                HttpStatusCode.Created);
            return Op(HttpMethod.Get, $"/admin/v1/numbers/%2B{start + 7}/history");
        });
        yield return Ok("AdminStockAudit", _ => Task.FromResult(Op(HttpMethod.Get, "/admin/v1/stock/audit")));
        yield return Ok("AdminListRequestRestrictions", async c =>
        {
            await SendAsync(c, Op(HttpMethod.Put, "/admin/v1/request_restrictions/LU/local", new { min_quantity = 1, max_quantity = 50 }), HttpStatusCode.OK);
            return Op(HttpMethod.Get, "/admin/v1/request_restrictions");
        });
        yield return Ok("AdminPutRequestRestriction", _ => Task.FromResult(Op(HttpMethod.Put, "/admin/v1/request_restrictions/LU/local",
            new { min_quantity = 1, max_quantity = 100, ranges_supported = true, range_sizes = new[] { 10, 100 } })));
        yield return new Scenario("AdminDeleteRequestRestriction", HttpStatusCode.NoContent, async c =>
        {
            await SendAsync(c, Op(HttpMethod.Put, "/admin/v1/request_restrictions/LU/mobile", new { ranges_supported = false }), HttpStatusCode.OK);
            return Op(HttpMethod.Delete, "/admin/v1/request_restrictions/LU/mobile");
        });

        // Number requests.
        yield return Ok("AdminListNumberRequests", async c =>
        {
            var (account, _) = await NumberRequestAsync(c);
            return Op(HttpMethod.Get, $"/admin/v1/number_requests?filter[status]=pending&filter[account_id]={account}&page[size]=5");
        });
        yield return Ok("AdminAcceptNumberRequest", async c =>
            Op(HttpMethod.Post, $"/admin/v1/number_requests/{(await NumberRequestAsync(c)).RequestId}/accept", new { reason = "Stock for this city arrives this week." }));
        yield return Ok("AdminRejectNumberRequest", async c =>
            Op(HttpMethod.Post, $"/admin/v1/number_requests/{(await NumberRequestAsync(c)).RequestId}/reject", new { reason = "No numbers can be offered in this city." }));

        // The catalogue and properties.
        yield return new Scenario("AdminPublishNumberBlock", HttpStatusCode.Created, _ => Task.FromResult(PublishRequest()));
        yield return Ok("AdminListNumberBlocks", async c =>
        {
            await SendAsync(c, PublishRequest(), HttpStatusCode.Created);
            return Op(HttpMethod.Get, "/admin/v1/numberblocks?filter[status]=available&page[size]=5");
        });
        yield return new Scenario("AdminCreateProperty", HttpStatusCode.Created, async c =>
            Op(HttpMethod.Post, $"/admin/v1/accounts/{(await c.AccountAsync()).Id}/properties", new { name = "Contract brand" }));
        yield return Ok("AdminListProperties", async c =>
        {
            var account = (await c.AccountAsync()).Id;
            await SendAsync(c, Op(HttpMethod.Post, $"/admin/v1/accounts/{account}/properties", new { name = "Contract site" }), HttpStatusCode.Created);
            return Op(HttpMethod.Get, $"/admin/v1/accounts/{account}/properties");
        });
    }

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    /// <summary>A request with the operator key.</summary>
    private static HttpRequestMessage Op(HttpMethod method, string path, object? json = null) =>
        ScenarioContext.Request(method, path, json, ServiceHost.OperatorKey);

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    private static long NextStock() => 4920193000000L + (Salt + Interlocked.Increment(ref _nextStock)) % 1000 * 1000L;

    private static async Task StockAsync(ScenarioContext c)
    {
        var start = NextStock();
        await SendAsync(c, Op(HttpMethod.Post, "/admin/v1/stock", new { start_at = $"+{start}", end_at = $"+{start + 999}", number_type = "local" }),
            HttpStatusCode.Created);
    }

    private static HttpRequestMessage PublishRequest()
    {
        var start = 61295550000L + (Salt + Interlocked.Increment(ref _nextBlock)) % 100 * 100L;
        return Op(HttpMethod.Post, "/admin/v1/numberblocks",
            new { start_at = $"+{start}", end_at = $"+{start + 99}", number_type = "local", area_code = "2", sms = false, voice = true });
    }

    /// <summary>A one-number porting order of the run's account (draft, or confirmed to in-process): its id and the account.</summary>
    private static async Task<(string Id, Guid Account)> PortingOrderAsync(ScenarioContext c, bool confirm = false)
    {
        var (account, key) = await c.AccountAsync();
        var number = 4920194000000L + (Salt + Interlocked.Increment(ref _nextPorting)) % 100_000;
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders", new { phone_numbers = new[] { $"+{number}" } }, key),
            HttpStatusCode.Created);
        var id = created.GetProperty("data")[0].GetProperty("id").GetString()!;
        if (confirm) await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", bearer: key), HttpStatusCode.OK);
        return (id, account);
    }

    /// <summary>
    /// A pending CM.com number request of a fresh account (for a city without stock, so it waits for the operator),
    /// whose creation queued its e-mail to the account's notification address: the account and the request's id.
    /// </summary>
    private static async Task<(Guid Account, string RequestId)> NumberRequestAsync(ScenarioContext c)
    {
        var (account, key) = await c.Service.NewAccountAsync("Contract number requests");
        await SendAsync(c, Op(HttpMethod.Put, $"/admin/v1/accounts/{account}/notification_email", new { email = "noc@example.com" }), HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/voice/phonenumberrequestapi/v1/{account}/numberrequests")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { quantity = 1, numberType = "local", city = CityWithoutStock, countryCode = "DE" }),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-CM-PRODUCTTOKEN", key);
        var created = await SendAsync(c, request, HttpStatusCode.Created);
        return (account, created.GetProperty("numberRequestId").GetString()!);
    }

    /// <summary>
    /// A failed outbox message: the e-mail of a fresh number request, which the contract service fails at once (its
    /// SMTP sender address is one MIME refuses, see <see cref="ServiceHost"/>) instead of retrying it for 24 hours.
    /// </summary>
    private static async Task<string> FailedMessageAsync(ScenarioContext c)
    {
        var (account, _) = await NumberRequestAsync(c);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var failed = await SendAsync(c, Op(HttpMethod.Get, $"/admin/v1/outbox?filter[account_id]={account}&filter[status]=failed"), HttpStatusCode.OK);
            if (failed.GetProperty("data").GetArrayLength() > 0) return failed.GetProperty("data")[0].GetProperty("id").GetString()!;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("No outbox message of the account failed within 20 s.");
            await Task.Delay(200);
        }
    }
}
