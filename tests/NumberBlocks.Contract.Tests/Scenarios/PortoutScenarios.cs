using System.Net;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every port-out operation: the operator's (record, list, carrier status, PIN) and the
/// account's Telnyx /v2/portouts. Each scenario ports a number of its own in first (+49 201 95xxxxx), so the port-out
/// it records is pending on a fresh account.
/// </summary>
public sealed class PortoutScenarios : IScenarioSource
{
    private static int _next;
    private static readonly int Salt = Random.Shared.Next(900);

    public IEnumerable<Scenario> Scenarios()
    {
        // The operator's side.
        yield return new Scenario("AdminRecordPortout", HttpStatusCode.Created, async c =>
        {
            var (_, _, number) = await PortedNumberAsync(c);
            return Op(HttpMethod.Post, "/admin/v1/portouts", Request(number));
        });
        yield return Ok("AdminListPortouts", async c =>
        {
            var p = await PortoutAsync(c);
            return Op(HttpMethod.Get, $"/admin/v1/portouts?filter[status]=pending&filter[account_id]={p.Account}&page[size]=5");
        });
        yield return Ok("AdminSetPortoutStatus", async c => Op(HttpMethod.Post, $"/admin/v1/portouts/{(await PortoutAsync(c)).Id}/status", new { status = "canceled" }));
        yield return Ok("AdminSetPortoutPin", async c =>
        {
            var (account, _, number) = await PortedNumberAsync(c);
            return Op(HttpMethod.Put, $"/admin/v1/accounts/{account}/portout_pin", new { pin = "4711", phone_number = number });
        });

        // The account's side (Telnyx).
        yield return Ok("ListPortoutRequest", async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Get, "/v2/portouts?filter[status]=pending&filter[carrier_name]=Other%20Carrier&page[size]=5&page[number]=1", p.Key);
        });
        yield return Ok("FindPortoutRequest", async c => { var p = await PortoutAsync(c); return Telnyx(HttpMethod.Get, $"/v2/portouts/{p.Id}", p.Key); });
        yield return Ok("UpdatePortoutStatus", async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Patch, $"/v2/portouts/{p.Id}/authorized", p.Key, new { reason = "Authorized by the end user", host_messaging = false });
        });
        yield return Ok("ListPortoutRejections", async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/rejections/{p.Id}", p.Key);
        });
        yield return Ok("FindPortoutComments", async c =>
        {
            var p = await PortoutAsync(c);
            await SendAsync(c, Telnyx(HttpMethod.Post, $"/v2/portouts/{p.Id}/comments", p.Key, new { body = "Who is asking?" }), HttpStatusCode.Created);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/{p.Id}/comments", p.Key);
        });
        yield return new Scenario("PostPortRequestComment", HttpStatusCode.Created, async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Post, $"/v2/portouts/{p.Id}/comments", p.Key, new { body = "Please port the whole block." });
        });
        yield return Ok("GetPortRequestSupportingDocuments", async c =>
        {
            var p = await PortoutAsync(c);
            await SendAsync(c, Telnyx(HttpMethod.Post, $"/v2/portouts/{p.Id}/supporting_documents", p.Key,
                new { documents = new[] { new { document_id = "doc-1", type = "loa" } } }), HttpStatusCode.Created);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/{p.Id}/supporting_documents", p.Key);
        });
        yield return new Scenario("PostPortRequestSupportingDocuments", HttpStatusCode.Created, async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Post, $"/v2/portouts/{p.Id}/supporting_documents", p.Key,
                new { documents = new[] { new { document_id = "doc-1", type = "loa" }, new { document_id = "doc-2", type = "invoice" } } });
        });
        yield return Ok("listPortoutEvents", async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/events?filter[portout_id]={p.Id}&filter[event_type]=portout.status_changed&page[size]=5", p.Key);
        });
        yield return Ok("showPortoutEvent", async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/events/{await FirstEventAsync(c, p)}", p.Key);
        });
        yield return new Scenario("republishPortoutEvent", HttpStatusCode.NoContent, async c =>
        {
            var p = await PortoutAsync(c);
            await SendAsync(c, Op(HttpMethod.Put, $"/admin/v1/accounts/{p.Account}/webhook_url", new { webhook_url = "https://webhooks.invalid/portouts" }), HttpStatusCode.OK);
            return Telnyx(HttpMethod.Post, $"/v2/portouts/events/{await FirstEventAsync(c, p)}/republish", p.Key);
        });
        yield return Ok("ListPortoutReports", async c =>
        {
            var p = await PortoutAsync(c);
            await SendAsync(c, Telnyx(HttpMethod.Post, "/v2/portouts/reports", p.Key, ReportRequest), HttpStatusCode.Created);
            return Telnyx(HttpMethod.Get, "/v2/portouts/reports?filter[report_type]=export_portouts_csv&page[size]=5", p.Key);
        });
        yield return new Scenario("CreatePortoutReport", HttpStatusCode.Created, async c =>
        {
            var p = await PortoutAsync(c);
            return Telnyx(HttpMethod.Post, "/v2/portouts/reports", p.Key, ReportRequest);
        });
        yield return Ok("GetPortoutReport", async c =>
        {
            var p = await PortoutAsync(c);
            var report = await SendAsync(c, Telnyx(HttpMethod.Post, "/v2/portouts/reports", p.Key, ReportRequest), HttpStatusCode.Created);
            return Telnyx(HttpMethod.Get, $"/v2/portouts/reports/{report.GetProperty("data").GetProperty("id").GetString()}", p.Key);
        });
    }

    private static readonly object ReportRequest = new
    {
        report_type = "export_portouts_csv",
        @params = new { filters = new { status__in = new[] { "pending" }, created_at__gt = "2020-01-01T00:00:00Z" } },
    };

    private static object Request(string number) => new
    {
        phone_numbers = new[] { number },
        carrier_name = "Other Carrier",
        spid = "D123",
        requested_foc_date = "2030-01-15T08:00:00Z",
        end_user_name = "Acme GmbH",
        service_address = "Hauptstr. 1, 45127 Essen",
    };

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    private static HttpRequestMessage Op(HttpMethod method, string path, object? json = null) => ScenarioContext.Request(method, path, json, ServiceHost.OperatorKey);

    private static HttpRequestMessage Telnyx(HttpMethod method, string path, string key, object? json = null) => ScenarioContext.Request(method, path, json, key);

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    /// <summary>A fresh account holding one number it ported in (the carrier's steps through the operator API).</summary>
    private static async Task<(Guid Account, string Key, string Number)> PortedNumberAsync(ScenarioContext c)
    {
        var (account, key) = await c.Service.NewAccountAsync("Contract port-outs");
        var number = $"+{4920195000000L + (Salt * 97 + Interlocked.Increment(ref _next)) % 100_000}";
        var created = await SendAsync(c, Telnyx(HttpMethod.Post, "/v2/porting_orders", key, new { phone_numbers = new[] { number } }), HttpStatusCode.Created);
        var id = created.GetProperty("data")[0].GetProperty("id").GetString()!;
        await SendAsync(c, Telnyx(HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", key), HttpStatusCode.OK);
        foreach (var step in new object[] { new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-01-01T08:00:00Z" }, new { status = "ported" } })
            await SendAsync(c, Op(HttpMethod.Post, $"/admin/v1/porting_orders/{id}/status", step), HttpStatusCode.OK);
        return (account, key, number);
    }

    /// <summary>A pending port-out of a fresh account's number.</summary>
    private static async Task<(string Id, Guid Account, string Key)> PortoutAsync(ScenarioContext c)
    {
        var (account, key, number) = await PortedNumberAsync(c);
        var recorded = await SendAsync(c, Op(HttpMethod.Post, "/admin/v1/portouts", Request(number)), HttpStatusCode.Created);
        return (recorded.GetProperty("data").GetProperty("id").GetString()!, account, key);
    }

    private static async Task<string> FirstEventAsync(ScenarioContext c, (string Id, Guid Account, string Key) p)
    {
        var events = await SendAsync(c, Telnyx(HttpMethod.Get, $"/v2/portouts/events?filter[portout_id]={p.Id}", p.Key), HttpStatusCode.OK);
        return events.GetProperty("data")[0].GetProperty("id").GetString()!;
    }
}
