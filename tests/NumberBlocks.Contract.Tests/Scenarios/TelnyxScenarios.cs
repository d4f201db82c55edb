using System.Net;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the Telnyx surface (/v2 porting), each preparing what it needs through the
/// API itself: orders on numbers of its own, the carrier's steps through the operator API.
/// </summary>
public sealed class TelnyxScenarios : IScenarioSource
{
    // Numbers no other scenario or suite of the contract run uses: Essen 0201 87xxxxx (DE local) and 303-555-2xxx (US).
    private static int _nextDe;
    private static int _nextUs;

    public IEnumerable<Scenario> Scenarios()
    {
        yield return Ok("ListPortingOrders", async c =>
        {
            var (_, key) = await DraftAsync(c);
            return Get("/v2/porting_orders?page[size]=5&sort[value]=-created_at&filter[phone_numbers][country_code]=DE", key);
        });
        yield return new Scenario("CreatePortingOrder", HttpStatusCode.Created, async c =>
            ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders", BlockOrder(NextDe()), (await c.AccountAsync()).ApiKey));
        yield return Ok("GetPortingOrder", async c => { var (id, key) = await DraftAsync(c); return Get($"/v2/porting_orders/{id}", key); });
        yield return Ok("UpdatePortingOrder", async c =>
        {
            var (id, key) = await DraftAsync(c);
            return ScenarioContext.Request(HttpMethod.Patch, $"/v2/porting_orders/{id}", new
            {
                customer_reference = "contract",
                end_user = new { admin = new { entity_name = "Porter McPortersen" } },
                misc = new { type = "full" },
                activation_settings = new { foc_datetime_requested = "2030-04-08T15:00:00Z" },
            }, key);
        });
        yield return new Scenario("DeletePortingOrder", HttpStatusCode.NoContent, async c =>
        {
            var (id, key) = await DraftAsync(c);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting_orders/{id}", bearer: key);
        });
        yield return Ok("ConfirmPortingOrder", async c =>
        {
            var (id, key) = await DraftAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", bearer: key);
        });
        yield return Ok("CancelPortingOrder", async c =>
        {
            var (id, key) = await DraftAsync(c);
            await ConfirmAsync(c, id, key);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/cancel", bearer: key);
        });
        yield return new Scenario("SharePortingOrder", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await DraftAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/share",
                new { expires_in_seconds = 600, permissions = "porting_order.document.read" }, key);
        });
        yield return new Scenario("ActivatePortingOrder", HttpStatusCode.Accepted, async c =>
        {
            var (id, key) = await UsFocConfirmedAsync(c, DateTimeOffset.UtcNow.AddMinutes(-1));
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/activate", bearer: key);
        });
        yield return Ok("ListPortingOrderActivationJobs", async c =>
        {
            var (id, _, key) = await ScheduledJobAsync(c);
            return Get($"/v2/porting_orders/{id}/activation_jobs?page[size]=10", key);
        });
        yield return Ok("GetPortingOrdersActivationJob", async c =>
        {
            var (id, job, key) = await ScheduledJobAsync(c);
            return Get($"/v2/porting_orders/{id}/activation_jobs/{job.GetProperty("id").GetString()}", key);
        });
        yield return Ok("UpdatePortingOrdersActivationJob", async c =>
        {
            var (id, job, key) = await ScheduledJobAsync(c);
            var later = DateTimeOffset.Parse(job.GetProperty("activate_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(30);
            return ScenarioContext.Request(HttpMethod.Patch, $"/v2/porting_orders/{id}/activation_jobs/{job.GetProperty("id").GetString()}",
                new { activate_at = later.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) }, key);
        });
        yield return Ok("listPortingPhoneNumberBlocks", async c =>
        {
            var (id, key) = await DraftAsync(c);
            return Get($"/v2/porting_orders/{id}/phone_number_blocks?filter[status]=draft&sort[value]=created_at", key);
        });
        yield return new Scenario("createPortingPhoneNumberBlock", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await DraftAsync(c);
            var start = NextDe();
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/phone_number_blocks", Block(start), key);
        });
        yield return Ok("deletePortingPhoneNumberBlock", async c =>
        {
            var (id, key) = await DraftAsync(c);
            var blocks = await SendAsync(c, Get($"/v2/porting_orders/{id}/phone_number_blocks", key), HttpStatusCode.OK);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting_orders/{id}/phone_number_blocks/{blocks.GetProperty("data")[0].GetProperty("id").GetString()}",
                bearer: key);
        });
        yield return Ok("listPortingPhoneNumberExtensions", async c =>
        {
            var (id, key, _) = await ExtensionAsync(c);
            return Get($"/v2/porting_orders/{id}/phone_number_extensions", key);
        });
        yield return new Scenario("createPortingPhoneNumberExtension", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await DraftAsync(c);
            var number = await FirstNumberIdAsync(c, id, key);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/phone_number_extensions", new
            {
                porting_phone_number_id = number,
                extension_range = new { start_at = 1, end_at = 10 },
                activation_ranges = new[] { new { start_at = 1, end_at = 5 } },
            }, key);
        });
        yield return Ok("deletePortingPhoneNumberExtension", async c =>
        {
            var (id, key, extension) = await ExtensionAsync(c);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting_orders/{id}/phone_number_extensions/{extension}", bearer: key);
        });
        yield return Ok("ListPortingPhoneNumbers", async c =>
        {
            var (id, key) = await DraftAsync(c);
            return Get($"/v2/porting_phone_numbers?filter[porting_order_id]={id}&filter[porting_order_status]=draft&page[size]=5", key);
        });
        yield return Ok("listPortingEvents", async c =>
        {
            var (id, key) = await DraftAsync(c);
            await ConfirmAsync(c, id, key);
            return Get($"/v2/porting/events?filter[porting_order_id]={id}&filter[type]=porting_order.status_changed", key);
        });
        yield return Ok("showPortingEvent", async c =>
        {
            var (_, key, eventId) = await EventAsync(c, webhook: false);
            return Get($"/v2/porting/events/{eventId}", key);
        });
        yield return new Scenario("republishPortingEvent", HttpStatusCode.NoContent, async c =>
        {
            var (_, key, eventId) = await EventAsync(c, webhook: true);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting/events/{eventId}/republish", bearer: key);
        });
        yield return Ok("ListPhoneNumbers", async c =>
        {
            var (_, key, _) = await PortedAsync(c);
            return Get("/v2/phone_numbers?filter[status]=inactive&page[size]=5", key);
        });
        yield return Ok("RetrievePhoneNumber", async c =>
        {
            var (_, key, number) = await PortedAsync(c);
            return Get($"/v2/phone_numbers/{number}", key);
        });
        yield return Ok("ActivatePhoneNumber", async c =>
        {
            var (_, key, number) = await PortedAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/phone_numbers/{number}/actions/activate", bearer: key);
        });
        foreach (var scenario in DeletionScenarios()) yield return scenario;
    }

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    /// <summary>Deleting numbers: a single ported number outside any block, and a ported block by a deletion job.</summary>
    private static IEnumerable<Scenario> DeletionScenarios()
    {
        yield return Ok("DeletePhoneNumber", async c =>
        {
            var number = $"+1303555{2000 + Interlocked.Increment(ref _nextUs)}";
            var (id, key) = await DraftAsync(c, new { phone_numbers = new[] { number } });
            await ConfirmAsync(c, id, key);
            await CarrierAsync(c, id, new { status = "submitted" });
            await CarrierAsync(c, id, new { status = "foc-date-confirmed", foc_datetime_actual = Instant(DateTimeOffset.UtcNow) });
            await CarrierAsync(c, id, new { status = "ported" });
            var numbers = await SendAsync(c, Get($"/v2/phone_numbers?filter[phone_number]={Uri.EscapeDataString(number)}", key), HttpStatusCode.OK);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/phone_numbers/{numbers.GetProperty("data")[0].GetProperty("id").GetString()}", bearer: key);
        });
        yield return new Scenario("CreatePhoneNumberBlockDeletionJob", HttpStatusCode.Accepted, async c =>
        {
            var (key, blockId) = await PortedBlockAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, "/v2/phone_number_blocks/jobs/delete_phone_number_block", new { phone_number_block_id = blockId }, key);
        });
        yield return Ok("ListPhoneNumberBlocksJobs", async c =>
        {
            var (key, _) = await BlockJobAsync(c);
            return Get("/v2/phone_number_blocks/jobs?filter[status]=completed&page[size]=5", key);
        });
        yield return Ok("GetPhoneNumberBlocksJob", async c =>
        {
            var (key, jobId) = await BlockJobAsync(c);
            return Get($"/v2/phone_number_blocks/jobs/{jobId}", key);
        });
    }

    /// <summary>A ported block: the account's key and the block's id (its numbers' block_reference_id).</summary>
    private static async Task<(string Key, string BlockId)> PortedBlockAsync(ScenarioContext c)
    {
        var (_, key, numberId) = await PortedAsync(c);
        var number = await SendAsync(c, Get($"/v2/phone_numbers/{numberId}", key), HttpStatusCode.OK);
        return (key, number.GetProperty("data").GetProperty("block_reference_id").GetString()!);
    }

    /// <summary>A completed block deletion job: the key and the job's id.</summary>
    private static async Task<(string Key, string JobId)> BlockJobAsync(ScenarioContext c)
    {
        var (key, blockId) = await PortedBlockAsync(c);
        var job = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/phone_number_blocks/jobs/delete_phone_number_block",
            new { phone_number_block_id = blockId }, key), HttpStatusCode.Accepted);
        return (key, job.GetProperty("data").GetProperty("id").GetString()!);
    }

    private static HttpRequestMessage Get(string path, string key) => ScenarioContext.Request(HttpMethod.Get, path, bearer: key);

    /// <summary>The first number of a fresh range of ten: +49 201 87n nnnn.</summary>
    private static long NextDe() => 4920187000000L + Interlocked.Increment(ref _nextDe) * 10;

    private static object Block(long start) => new
    {
        phone_number_range = new { start_at = $"+{start}", end_at = $"+{start + 9}" },
        activation_ranges = new[] { new { start_at = $"+{start}", end_at = $"+{start + 4}" } },
    };

    private static object BlockOrder(long start) => new { phone_number_blocks = new[] { Block(start) }, customer_reference = "contract" };

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    /// <summary>A draft order of a ten-number block (five active): its id and the account's key.</summary>
    private static async Task<(string Id, string Key)> DraftAsync(ScenarioContext c, object? body = null)
    {
        var key = (await c.AccountAsync()).ApiKey;
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders", body ?? BlockOrder(NextDe()), key), HttpStatusCode.Created);
        return (created.GetProperty("data")[0].GetProperty("id").GetString()!, key);
    }

    private static Task<JsonElement> ConfirmAsync(ScenarioContext c, string id, string key) =>
        SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", bearer: key), HttpStatusCode.OK);

    /// <summary>The carrier side reports a step (operator API).</summary>
    private static Task<JsonElement> CarrierAsync(ScenarioContext c, string id, object body) =>
        SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/admin/v1/porting_orders/{id}/status", body, ServiceHost.OperatorKey), HttpStatusCode.OK);

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A US order whose FOC date the carrier has confirmed for <paramref name="foc"/>.</summary>
    private static async Task<(string Id, string Key)> UsFocConfirmedAsync(ScenarioContext c, DateTimeOffset foc)
    {
        var number = $"+1303555{2000 + Interlocked.Increment(ref _nextUs)}";
        var (id, key) = await DraftAsync(c, new { phone_numbers = new[] { number } });
        await ConfirmAsync(c, id, key);
        await CarrierAsync(c, id, new { status = "submitted" });
        await CarrierAsync(c, id, new { status = "foc-date-confirmed", foc_datetime_actual = Instant(foc) });
        return (id, key);
    }

    /// <summary>A US order with an activation job waiting for its window (FOC two hours ahead).</summary>
    private static async Task<(string Id, JsonElement Job, string Key)> ScheduledJobAsync(ScenarioContext c)
    {
        var (id, key) = await UsFocConfirmedAsync(c, DateTimeOffset.UtcNow.AddHours(2));
        var job = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/activate", bearer: key), HttpStatusCode.Accepted);
        return (id, job.GetProperty("data"), key);
    }

    private static async Task<string> FirstNumberIdAsync(ScenarioContext c, string orderId, string key)
    {
        var numbers = await SendAsync(c, Get($"/v2/porting_phone_numbers?filter[porting_order_id]={orderId}&page[size]=1", key), HttpStatusCode.OK);
        return numbers.GetProperty("data")[0].GetProperty("id").GetString()!;
    }

    private static async Task<(string Id, string Key, string ExtensionId)> ExtensionAsync(ScenarioContext c)
    {
        var (id, key) = await DraftAsync(c);
        var number = await FirstNumberIdAsync(c, id, key);
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/phone_number_extensions", new
        {
            porting_phone_number_id = number,
            extension_range = new { start_at = 1, end_at = 10 },
            activation_ranges = new[] { new { start_at = 1, end_at = 5 } },
        }, key), HttpStatusCode.Created);
        return (id, key, created.GetProperty("data").GetProperty("id").GetString()!);
    }

    /// <summary>A confirmed order and its status_changed event; with a webhook_url on the order when asked (never resolvable: RFC 2606 .invalid).</summary>
    private static async Task<(string Id, string Key, string EventId)> EventAsync(ScenarioContext c, bool webhook)
    {
        var (id, key) = await DraftAsync(c);
        if (webhook)
            await SendAsync(c, ScenarioContext.Request(HttpMethod.Patch, $"/v2/porting_orders/{id}", new { webhook_url = "https://webhooks.invalid/porting" }, key),
                HttpStatusCode.OK);
        await ConfirmAsync(c, id, key);
        var events = await SendAsync(c, Get($"/v2/porting/events?filter[porting_order_id]={id}", key), HttpStatusCode.OK);
        return (id, key, events.GetProperty("data")[0].GetProperty("id").GetString()!);
    }

    /// <summary>A ported order: its id, the key, and the id of one of its numbers that ported inactive (outside the activation range).</summary>
    private static async Task<(string Id, string Key, string InactiveNumberId)> PortedAsync(ScenarioContext c)
    {
        var start = NextDe();
        var (id, key) = await DraftAsync(c, BlockOrder(start));
        await ConfirmAsync(c, id, key);
        await CarrierAsync(c, id, new { status = "submitted" });
        await CarrierAsync(c, id, new { status = "foc-date-confirmed", foc_datetime_actual = Instant(DateTimeOffset.UtcNow) });
        await CarrierAsync(c, id, new { status = "ported" });
        var numbers = await SendAsync(c, Get($"/v2/phone_numbers?filter[phone_number]=%2B{start + 9}", key), HttpStatusCode.OK);
        return (id, key, numbers.GetProperty("data")[0].GetProperty("id").GetString()!);
    }
}
