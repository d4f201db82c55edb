using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the rest of the Telnyx porting family: portability checks, verification
/// codes, sub requests, associated phone numbers, phone number configurations, porting reports and UK carriers.
/// </summary>
public sealed partial class TelnyxPortingFamilyScenarios : IScenarioSource
{
    // Numbers no other scenario or suite of the contract run uses: Essen 0201 85xxxxx (DE local) and 303-555-4xxx (US).
    private static int _nextDe;
    private static int _nextUs;

    public IEnumerable<Scenario> Scenarios()
    {
        yield return Ok("PostPortabilityCheck", async c =>
        {
            var (_, key) = await DraftAsync(c, NextDe());
            return ScenarioContext.Request(HttpMethod.Post, "/v2/portability_checks",
                new { phone_numbers = new[] { $"+{NextDe()}", $"+{NextUs()}", "+81312345678", "12345" } }, key);
        });
        yield return Ok("ListVerificationCodes", async c =>
        {
            var (id, key, _) = await CodesSentAsync(c);
            return Get($"/v2/porting_orders/{id}/verification_codes?filter[verified]=false&sort[value]=created_at&page[size]=5", key);
        });
        yield return new Scenario("SendPortingVerificationCodes", HttpStatusCode.NoContent, async c =>
        {
            var number = NextUs();
            var (id, key) = await DraftAsync(c, number);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/verification_codes/send",
                new { phone_numbers = new[] { $"+{number}" }, verification_method = "sms" }, key);
        });
        yield return Ok("VerifyPortingVerificationCodes", async c =>
        {
            var (id, key, number) = await CodesSentAsync(c);
            var code = await CodeFromEmailAsync(c, id);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/verification_codes/verify",
                new { verification_codes = new[] { new { phone_number = number, code } } }, key);
        });
        yield return Ok("GetPortingOrderSubRequest", async c =>
        {
            var (id, key) = await DraftAsync(c, NextDe());
            await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", bearer: key), HttpStatusCode.OK);
            return Get($"/v2/porting_orders/{id}/sub_request", key);
        });
        yield return Ok("ListAssociatedPhoneNumbers", async c =>
        {
            var (id, key, _) = await AssociatedAsync(c);
            return Get($"/v2/porting_orders/{id}/associated_phone_numbers?filter[action]=keep&sort[value]=-created_at", key);
        });
        yield return new Scenario("CreateAssociatedPhoneNumber", HttpStatusCode.Created, async c =>
        {
            var start = NextDe();
            var (id, key) = await DraftAsync(c, start);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/associated_phone_numbers",
                new { action = "disconnect", phone_number_range = new { start_at = $"+{start + 1}", end_at = $"+{start + 9}" } }, key);
        });
        yield return Ok("DeleteAssociatedPhoneNumber", async c =>
        {
            var (id, key, associated) = await AssociatedAsync(c);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting_orders/{id}/associated_phone_numbers/{associated}", bearer: key);
        });
        yield return Ok("ListPhoneNumberConfigurations", async c =>
        {
            var (_, key, number) = await ConfiguredAsync(c);
            return Get($"/v2/porting_orders/phone_number_configurations?filter[porting_phone_number]={number}&filter[porting_order][status]=draft", key);
        });
        yield return new Scenario("CreatePhoneNumberConfigurations", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await DraftAsync(c, NextDe());
            var number = await FirstNumberIdAsync(c, id, key);
            return ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders/phone_number_configurations",
                new { phone_number_configurations = new[] { new { porting_phone_number_id = number, user_bundle_id = Guid.NewGuid() } } }, key);
        });
        yield return Ok("ListPortingReports", async c =>
        {
            var (_, key) = await ReportAsync(c);
            return Get("/v2/porting/reports?filter[report_type]=export_porting_orders_csv&page[size]=5", key);
        });
        yield return new Scenario("CreatePortingReport", HttpStatusCode.Created, async c =>
            ScenarioContext.Request(HttpMethod.Post, "/v2/porting/reports", ReportBody, (await c.AccountAsync()).ApiKey));
        yield return Ok("GetPortingReport", async c =>
        {
            var (id, key) = await ReportAsync(c);
            return Get($"/v2/porting/reports/{id}", key);
        });
        yield return Ok("ListPortingUKCarriers", async c => Get("/v2/porting/uk_carriers", (await c.AccountAsync()).ApiKey));
    }

    private static readonly object ReportBody = new
    {
        report_type = "export_porting_orders_csv",
        @params = new { filters = new { status__in = new[] { "draft", "in-process" }, created_at__gt = "2020-01-01T00:00:00Z" } },
    };

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    private static HttpRequestMessage Get(string path, string key) => ScenarioContext.Request(HttpMethod.Get, path, bearer: key);

    /// <summary>The first number of a fresh range of ten: +49 201 85n nnnn.</summary>
    private static long NextDe() => 4920185000000L + Interlocked.Increment(ref _nextDe) * 10;

    private static long NextUs() => 13035554000L + Interlocked.Increment(ref _nextUs);

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    private static async Task<(string Id, string Key)> DraftAsync(ScenarioContext c, long number)
    {
        var key = (await c.AccountAsync()).ApiKey;
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders", new { phone_numbers = new[] { $"+{number}" } }, key),
            HttpStatusCode.Created);
        return (created.GetProperty("data")[0].GetProperty("id").GetString()!, key);
    }

    private static async Task<string> FirstNumberIdAsync(ScenarioContext c, string orderId, string key)
    {
        var numbers = await SendAsync(c, Get($"/v2/porting_phone_numbers?filter[porting_order_id]={orderId}&page[size]=1", key), HttpStatusCode.OK);
        return numbers.GetProperty("data")[0].GetProperty("id").GetString()!;
    }

    /// <summary>A draft whose one number has been sent a code.</summary>
    private static async Task<(string Id, string Key, string Number)> CodesSentAsync(ScenarioContext c)
    {
        var number = NextUs();
        var (id, key) = await DraftAsync(c, number);
        using var client = c.Service.Client();
        using var send = ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/verification_codes/send", bearer: key);
        using var sent = await client.SendAsync(send);
        if (sent.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"send answered {(int)sent.StatusCode}");
        return (id, key, $"+{number}");
    }

    /// <summary>The code the outbox e-mailed for the order (the operator's view of the outbox holds the e-mail's text).</summary>
    private static async Task<string> CodeFromEmailAsync(ScenarioContext c, string orderId)
    {
        var (account, _) = await c.AccountAsync();
        var list = await SendAsync(c, ScenarioContext.Request(HttpMethod.Get, $"/admin/v1/outbox?filter[account_id]={account}&filter[channel]=email&page[size]=250",
            bearer: ServiceHost.OperatorKey), HttpStatusCode.OK);
        var message = list.GetProperty("data").EnumerateArray().First(m => m.GetProperty("subject").GetString()!.Contains(orderId, StringComparison.Ordinal));
        var full = await SendAsync(c, ScenarioContext.Request(HttpMethod.Get, $"/admin/v1/outbox/{message.GetProperty("id").GetString()}",
            bearer: ServiceHost.OperatorKey), HttpStatusCode.OK);
        return CodeLine().Match(full.GetProperty("data").GetProperty("payload").GetString()!).Groups[1].Value;
    }

    [GeneratedRegex(@"^\+[0-9]+: ([0-9]{6})", RegexOptions.Multiline)]
    private static partial Regex CodeLine();

    private static async Task<(string Id, string Key, string AssociatedId)> AssociatedAsync(ScenarioContext c)
    {
        var start = NextDe();
        var (id, key) = await DraftAsync(c, start);
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/associated_phone_numbers",
            new { action = "keep", phone_number_range = new { start_at = $"+{start + 1}", end_at = $"+{start + 5}" } }, key), HttpStatusCode.Created);
        return (id, key, created.GetProperty("data").GetProperty("id").GetString()!);
    }

    private static async Task<(string Id, string Key, string NumberId)> ConfiguredAsync(ScenarioContext c)
    {
        var (id, key) = await DraftAsync(c, NextDe());
        var number = await FirstNumberIdAsync(c, id, key);
        await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders/phone_number_configurations",
            new { phone_number_configurations = new[] { new { porting_phone_number_id = number, user_bundle_id = Guid.NewGuid() } } }, key), HttpStatusCode.Created);
        return (id, key, number);
    }

    private static async Task<(string Id, string Key)> ReportAsync(ScenarioContext c)
    {
        var key = (await c.AccountAsync()).ApiKey;
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting/reports", ReportBody, key), HttpStatusCode.Created);
        return (created.GetProperty("data").GetProperty("id").GetString()!, key);
    }
}
