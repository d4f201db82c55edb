using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// The rest of Telnyx's porting family on both databases: portability checks over the numbering plan and the ledger,
/// sub requests, associated phone numbers, phone number configurations applied at port, porting reports and UK carriers.
/// </summary>
public abstract class PortingFamilyRestTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await TestServices.CreateAsync(database);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static async Task<JsonElement> CreateOrderAsync(TestAccount account, params string[] numbers)
    {
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body(JsonSerializer.Serialize(new { phone_numbers = numbers })));
        return (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
    }

    private async Task MoveAsync(string orderId, params string[] statuses)
    {
        using var op = _service.Operator();
        foreach (var status in statuses)
        {
            object body = status == "foc-date-confirmed" ? new { status, foc_datetime_actual = "2026-12-01T08:00:00Z" } : new { status };
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{orderId}/status", body)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    private async Task PortAsync(TestAccount account, string orderId)
    {
        await (await account.Client.PostAsync($"/v2/porting_orders/{orderId}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await MoveAsync(orderId, "submitted", "foc-date-confirmed", "ported");
    }

    [Fact]
    public async Task PortabilityCheck_GivesEachReason_AndClaimsNothing()
    {
        var me = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync();
        var mine = await CreateOrderAsync(me, "+4930244999970");
        await CreateOrderAsync(other, "+4930244999971");
        var ported = await CreateOrderAsync(me, "+13035557001");
        await PortAsync(me, ported.Str("id"));
        using (var op = _service.Operator())
            await (await op.PostAsJsonAsync("/admin/v1/numberblocks", new { start_at = "+61288800000", end_at = "+61288800099" })).ExpectAsync(HttpStatusCode.Created);
        var claimsBefore = await _service.WithDbAsync(db => db.LedgerClaims.CountAsync());

        var response = await me.Client.PostAsync("/v2/portability_checks", Json.Body(JsonSerializer.Serialize(new
        {
            phone_numbers = new[]
            {
                "+4930244999972", "+13035557002", "+4930244999970", "+4930244999971", "+13035557001", "+61288800005", "+81312345678",
                "+99912345678", "12345",
            },
        })));
        var data = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(9, data.Count);
        Assert.All(data, d => Assert.Equal("portability_check_result", d.Str("record_type")));
        var byNumber = data.Select(d => (Number: d.Str("phone_number"), Portable: d.GetProperty("portable").GetBoolean(),
            Fast: d.GetProperty("fast_portable").GetBoolean(), Reason: d.Str("not_portable_reason"))).ToList();

        Assert.Equal(("+4930244999972", true, false, ""), byNumber[0]);
        Assert.Equal(("+13035557002", true, true, ""), byNumber[1]);
        Assert.False(byNumber[2].Portable);
        Assert.Contains($"your porting order {mine.Str("id")}", byNumber[2].Reason);
        Assert.False(byNumber[3].Portable);
        Assert.Contains("another account", byNumber[3].Reason);
        Assert.Contains("already on your account", byNumber[4].Reason);
        Assert.Contains("part of the number block +61288800000-+61288800099", byNumber[5].Reason);
        Assert.Contains("Japan (JP)", byNumber[6].Reason);
        Assert.Contains("does not start with a country calling code", byNumber[7].Reason);
        Assert.Equal("12345", byNumber[8].Number);
        Assert.Contains("is not an E.164 number", byNumber[8].Reason);
        Assert.All(byNumber.Skip(2), b => Assert.False(b.Portable || b.Fast));

        Assert.Equal(claimsBefore, await _service.WithDbAsync(db => db.LedgerClaims.CountAsync()));
    }

    [Fact]
    public async Task PortabilityCheck_WithoutNumbers_Is422NamingPhoneNumbers()
    {
        var me = await _service.NewAccountAsync();
        await (await me.Client.PostAsync("/v2/portability_checks", Json.Body("""{"phone_numbers": []}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers");
        await (await me.Client.PostAsync("/v2/portability_checks", Json.Body("""{"phone_number": ["+13035550000"]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number");
    }

    [Fact]
    public async Task SubRequest_DraftHasNone_ConfirmedGivesSupportKeys_OtherAccountIs404()
    {
        var me = await _service.NewAccountAsync();
        var order = await CreateOrderAsync(me, "+4930244999973");
        var id = order.Str("id");
        var draft = (await (await me.Client.GetAsync($"/v2/porting_orders/{id}/sub_request")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Empty(draft.EnumerateObject());

        await (await me.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        var confirmed = (await (await me.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        var sub = (await (await me.Client.GetAsync($"/v2/porting_orders/{id}/sub_request")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(confirmed.Str("support_key"), sub.Str("sub_request_id"));
        Assert.Equal(confirmed.Str("parent_support_key"), sub.Str("port_request_id"));
        Assert.StartsWith("pr_", sub.Str("port_request_id"));

        var other = await _service.NewAccountAsync();
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/sub_request")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AssociatedNumbers_CreateListFilterDelete_WithTheRulesOfAPartialPort()
    {
        var me = await _service.NewAccountAsync();
        var order = await CreateOrderAsync(me, "+4930244999950", "+4930244999951");
        var id = order.Str("id");
        var path = $"/v2/porting_orders/{id}/associated_phone_numbers";

        var keep = await me.Client.PostAsync(path, Json.Body("""{"action": "keep", "phone_number_range": {"start_at": "+4930244999952", "end_at": "+4930244999959"}}"""));
        var kept = (await keep.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(("keep", "DE", "local", "porting_associated_phone_number", id),
            (kept.Str("action"), kept.Str("country_code"), kept.Str("phone_number_type"), kept.Str("record_type"), kept.Str("porting_order_id")));
        Assert.Equal("+4930244999959", kept.GetProperty("phone_number_range").Str("end_at"));
        var disconnect = await me.Client.PostAsync(path, Json.Body("""{"action": "disconnect", "phone_number_range": {"start_at": "+4930244999960", "end_at": "+4930244999960"}}"""));
        var disconnected = (await disconnect.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");

        // The numbers that stay behind are not the ones that port, nor twice the same, nor of another country.
        await (await me.Client.PostAsync(path, Json.Body("""{"action": "keep", "phone_number_range": {"start_at": "+4930244999949", "end_at": "+4930244999951"}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_range/start_at");
        await (await me.Client.PostAsync(path, Json.Body("""{"action": "keep", "phone_number_range": {"start_at": "+4930244999955", "end_at": "+4930244999956"}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_range/start_at", "block.overlaps_block");
        await (await me.Client.PostAsync(path, Json.Body("""{"action": "keep", "phone_number_range": {"start_at": "+13035557200", "end_at": "+13035557201"}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_range/start_at", "order.country_or_type_mismatch");
        await (await me.Client.PostAsync(path, Json.Body("""{"action": "sell", "phone_number_range": {"start_at": "+4930244999961", "end_at": "+4930244999961"}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/action");
        await (await me.Client.PostAsync(path, Json.Body("""{"phone_number_range": {"start_at": "+4930244999961", "end_at": "+4930244999961"}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/action");

        var all = await (await me.Client.GetAsync(path + "?sort[value]=created_at")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { kept.Str("id"), disconnected.Str("id") }, all.GetProperty("data").EnumerateArray().Select(a => a.Str("id")));
        var keeps = await (await me.Client.GetAsync(path + "?filter[action]=keep")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { kept.Str("id") }, keeps.GetProperty("data").EnumerateArray().Select(a => a.Str("id")));
        var holding = await (await me.Client.GetAsync(path + "?filter[phone_number]=%2B4930244999960")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { disconnected.Str("id") }, holding.GetProperty("data").EnumerateArray().Select(a => a.Str("id")));
        await (await me.Client.GetAsync(path + "?filter[colour]=red")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);

        // Associated numbers are never claimed in the ledger: another account may still port them.
        var other = await _service.NewAccountAsync();
        await CreateOrderAsync(other, "+4930244999953");
        await (await other.Client.GetAsync(path)).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{path}/{kept.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var deleted = await (await me.Client.DeleteAsync($"{path}/{disconnected.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(disconnected.Str("id"), deleted.GetProperty("data").Str("id"));
        await (await me.Client.DeleteAsync($"{path}/{disconnected.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        await (await me.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await MoveAsync(id, "submitted");
        await (await me.Client.DeleteAsync($"{path}/{kept.Str("id")}")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "order.not_editable");
    }

    [Fact]
    public async Task PhoneNumberConfigurations_AreAppliedWhenTheOrderPorts()
    {
        var me = await _service.NewAccountAsync();
        var order = await CreateOrderAsync(me, "+13035557101", "+13035557102");
        var id = order.Str("id");
        var numbers = order.GetProperty("phone_numbers").EnumerateArray().ToDictionary(n => n.Str("phone_number"), n => n.Str("id"));
        var bundle = Guid.NewGuid().ToString();
        var replaced = Guid.NewGuid().ToString();

        var first = await me.Client.PostAsync("/v2/porting_orders/phone_number_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            phone_number_configurations = new[] { new { porting_phone_number_id = numbers["+13035557101"], user_bundle_id = replaced } },
        })));
        var firstData = (await first.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var again = await me.Client.PostAsync("/v2/porting_orders/phone_number_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            phone_number_configurations = new[] { new { porting_phone_number_id = numbers["+13035557101"], user_bundle_id = bundle } },
        })));
        var againData = (await again.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        Assert.Equal(firstData.Str("id"), againData.Str("id"));
        Assert.Equal((bundle, numbers["+13035557101"], "porting_phone_number_configuration"),
            (againData.Str("user_bundle_id"), againData.Str("porting_phone_number_id"), againData.Str("record_type")));

        // Another account's number is unknown to this one; a missing field is named.
        var other = await _service.NewAccountAsync();
        await (await other.Client.PostAsync("/v2/porting_orders/phone_number_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            phone_number_configurations = new[] { new { porting_phone_number_id = numbers["+13035557102"], user_bundle_id = bundle } },
        })))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_configurations/0/porting_phone_number_id");
        await (await me.Client.PostAsync("/v2/porting_orders/phone_number_configurations", Json.Body(
            $$"""{"phone_number_configurations": [{"porting_phone_number_id": "{{numbers["+13035557102"]}}"}]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_configurations/0/user_bundle_id");
        Assert.Equal(0, (await (await other.Client.GetAsync("/v2/porting_orders/phone_number_configurations")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("meta").GetProperty("total_results").GetInt32());

        var draftFilter = await (await me.Client.GetAsync($"/v2/porting_orders/phone_number_configurations?filter[porting_order][status]=draft&filter[user_bundle_id]={bundle}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Single(draftFilter.GetProperty("data").EnumerateArray());
        var portedFilter = await (await me.Client.GetAsync("/v2/porting_orders/phone_number_configurations?filter[porting_order][status]=ported"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(portedFilter.GetProperty("data").EnumerateArray());

        await PortAsync(me, id);
        var owned = await (await me.Client.GetAsync("/v2/phone_numbers")).ExpectAsync(HttpStatusCode.OK);
        var byNumber = owned.GetProperty("data").EnumerateArray().ToDictionary(n => n.Str("phone_number"));
        Assert.Equal(bundle, byNumber["+13035557101"].Str("user_bundle_id"));
        Assert.False(byNumber["+13035557102"].TryGetProperty("user_bundle_id", out _));
        await (await me.Client.PostAsync("/v2/porting_orders/phone_number_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            phone_number_configurations = new[] { new { porting_phone_number_id = numbers["+13035557102"], user_bundle_id = bundle } },
        })))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_configurations/0/porting_phone_number_id", "order.not_editable");
    }

    [Fact]
    public async Task PortingReport_IsMadeByTheWorker_AndItsCsvHoldsTheFilteredOrders()
    {
        var me = await _service.NewAccountAsync();
        var a = await CreateOrderAsync(me, "+4930244999974");
        var b = await CreateOrderAsync(me, "+4930244999975");
        await (await me.Client.PatchAsJsonAsync($"/v2/porting_orders/{a.Str("id")}", new { customer_reference = "report-a, \"quoted\"" })).ExpectAsync(HttpStatusCode.OK);
        await (await me.Client.PostAsync($"/v2/porting_orders/{b.Str("id")}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        var other = await _service.NewAccountAsync();
        await CreateOrderAsync(other, "+4930244999976");

        var created = await me.Client.PostAsync("/v2/porting/reports", Json.Body("""
            {"report_type": "export_porting_orders_csv", "params": {"filters": {"status__in": ["draft"], "created_at__gt": "2000-01-01T00:00:00Z"}}}
            """));
        var report = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(("export_porting_orders_csv", "porting_report"), (report.Str("report_type"), report.Str("record_type")));
        Assert.Equal(new[] { "draft" }, report.GetProperty("params").GetProperty("filters").GetProperty("status__in").EnumerateArray().Select(s => s.GetString()));
        var id = report.Str("id");

        JsonElement done = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            done = (await (await me.Client.GetAsync($"/v2/porting/reports/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
            return done.Str("status") == "completed";
        }, TimeSpan.FromSeconds(20)), "the report never completed");
        Assert.True(Guid.TryParse(done.Str("document_id"), out _));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/v2/porting/reports/{id}");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await (await me.Client.SendAsync(csvRequest)).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,status,customer_reference,", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{a.Str("id")},draft,\"report-a, \"\"quoted\"\"\",", lines[1]);

        // The document_id downloads the same CSV (Telnyx documents download), for this account only.
        var download = await me.Client.GetAsync($"/v2/documents/{done.Str("document_id")}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(csv, await download.Content.ReadAsStringAsync());
        await (await other.Client.GetAsync($"/v2/documents/{done.Str("document_id")}/download")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var completed = await (await me.Client.GetAsync("/v2/porting/reports?filter[status]=completed&filter[report_type]=export_porting_orders_csv")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { id }, completed.GetProperty("data").EnumerateArray().Select(r => r.Str("id")));
        Assert.Empty((await (await me.Client.GetAsync("/v2/porting/reports?filter[status]=pending")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        await (await other.Client.GetAsync($"/v2/porting/reports/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await other.Client.GetAsync("/v2/porting/reports")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task PortingReport_BadBodies_Are422NamingTheField()
    {
        var me = await _service.NewAccountAsync();
        await (await me.Client.PostAsync("/v2/porting/reports", Json.Body("""{"report_type": "export_porting_orders_csv"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/params");
        await (await me.Client.PostAsync("/v2/porting/reports", Json.Body("""{"report_type": "export_everything", "params": {"filters": {}}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/report_type");
        await (await me.Client.PostAsync("/v2/porting/reports", Json.Body("""{"report_type": "export_porting_orders_csv", "params": {"filters": {"status__in": ["lost"]}}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/params/filters/status__in/0");
        await (await me.Client.PostAsync("/v2/porting/reports", Json.Body(
            """{"report_type": "export_porting_orders_csv", "params": {"filters": {"created_at__gt": "2026-02-01T00:00:00Z", "created_at__lt": "2026-01-01T00:00:00Z"}}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/params/filters/created_at__lt");
    }

    [Fact]
    public async Task UkCarriers_IsTheStaticTable()
    {
        var me = await _service.NewAccountAsync();
        var data = (await (await me.Client.GetAsync("/v2/porting/uk_carriers")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(NumberBlocks.Domain.Porting.UkCarriers.All.Count, data.Count);
        var bt = data.Single(c => c.Str("name") == "BT");
        Assert.Equal(("porting_uk_carrier", "001"), (bt.Str("record_type"), bt.Str("cupid")));
        Assert.Equal(new[] { "002" }, bt.GetProperty("alternative_cupids").EnumerateArray().Select(c => c.GetString()));
        Assert.All(data, c => Assert.Matches("^[0-9]{3}$", c.Str("cupid")));
    }
}

public sealed class PortingFamilyRestSqliteTests() : PortingFamilyRestTests(TestDatabase.Sqlite);

public sealed class PortingFamilyRestPostgresTests() : PortingFamilyRestTests(TestDatabase.Postgres);
