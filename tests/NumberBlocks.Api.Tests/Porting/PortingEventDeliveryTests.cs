using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// Issue 6, resolved when: one order from creation to ported with the Example 2 block, 66 active and 34 inactive numbers,
/// and its status events received, signed, by a webhook receiver on 127.0.0.1 (through the outbox, as every callback).
/// </summary>
public sealed class PortingEventDeliveryTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _service = CallbackTestKit.NewService(_receiver.AllowedHostEntry);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private sealed record Hook(string Path, string EventType, string EventId, string Status, JsonElement Body, ReceivedWebhook Raw);

    private List<Hook> Hooks() => _receiver.Received.Select(r =>
    {
        var body = JsonDocument.Parse(r.Body).RootElement.Clone();
        var data = body.GetProperty("data");
        var payload = data.GetProperty("payload");
        var status = payload.TryGetProperty("status", out var s) ? s.Str("value") : "";
        return new Hook(r.Path, data.Str("event_type"), data.Str("id"), status, body, r);
    }).ToList();

    [Fact]
    public async Task Example2Order_CreationToPorted_66Active34Inactive_StatusEventsDeliveredSigned()
    {
        var account = await _service.NewAccountAsync();
        var secret = await CallbackTestKit.SecretAsync(_service, account.Id);
        using var op = _service.Operator();

        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
              "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"},
                                    {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}]}
            """));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(JsonSerializer.Serialize(new { webhook_url = _receiver.Url("/order") }))))
            .ExpectAsync(HttpStatusCode.OK);

        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "submitted" })).ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "foc-date-confirmed", foc_datetime_actual = "2026-12-01T08:00:00Z" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "ported" })).ExpectAsync(HttpStatusCode.OK);

        var active = await (await account.Client.GetAsync("/v2/phone_numbers?filter[status]=active&page[size]=250")).ExpectAsync(HttpStatusCode.OK);
        var inactive = await (await account.Client.GetAsync("/v2/phone_numbers?filter[status]=inactive&page[size]=250")).ExpectAsync(HttpStatusCode.OK);
        var activeNumbers = active.GetProperty("data").EnumerateArray().Select(n => n.Str("phone_number")).ToList();
        var inactiveNumbers = inactive.GetProperty("data").EnumerateArray().Select(n => n.Str("phone_number")).ToList();
        Assert.Equal(66, activeNumbers.Count);
        Assert.Equal(34, inactiveNumbers.Count);
        Assert.Equal(Enumerable.Range(0, 65).Select(i => $"+4920123456{i:000}").Append("+4920123456087"), activeNumbers);
        Assert.Equal(Enumerable.Range(65, 35).Where(i => i != 87).Select(i => $"+4920123456{i:000}"), inactiveNumbers);

        Assert.True(await _receiver.WaitForAsync(4), $"received {_receiver.Received.Count} webhooks");
        var hooks = Hooks();
        Assert.Equal(4, hooks.Count);
        Assert.Equal(new[] { "foc-date-confirmed", "in-process", "ported", "submitted" }, hooks.Select(h => h.Status).Order().ToArray());
        Assert.All(hooks, h => Assert.Equal(("/order", "porting_order.status_changed"), (h.Path, h.EventType)));
        Assert.All(hooks, h => Assert.Equal(id, h.Body.GetProperty("data").GetProperty("payload").Str("id")));
        Assert.All(hooks, h => CallbackTestKit.AssertSigned(h.Raw, secret));
        var ported = hooks.Single(h => h.Status == "ported").Body.GetProperty("data");
        Assert.Equal("2026-12-01T08:00:00.000Z", ported.GetProperty("payload").GetProperty("activation_settings").Str("foc_datetime_actual"));

        // The events listed are the ones delivered.
        var listed = await (await account.Client.GetAsync($"/v2/porting/events?filter[porting_order_id]={id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(hooks.Select(h => h.EventId).Order(), listed.GetProperty("data").EnumerateArray().Select(e => e.Str("id")).Order());
    }

    [Fact]
    public async Task Republish_DeliversTheSameEventAgain_AsANewSignedMessage()
    {
        var account = await _service.NewAccountAsync();
        var secret = await CallbackTestKit.SecretAsync(_service, account.Id);
        var id = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999960"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(JsonSerializer.Serialize(new { webhook_url = _receiver.Url("/order") }))))
            .ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(await _receiver.WaitForAsync(1));
        var first = Assert.Single(Hooks());

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync($"/v2/porting/events/{first.EventId}/republish", null)).StatusCode);
        Assert.True(await _receiver.WaitForAsync(2));
        var again = Hooks()[1];
        Assert.Equal((first.EventId, "in-process"), (again.EventId, again.Status));
        Assert.NotEqual(first.Raw.Id, again.Raw.Id); // a new delivery, not a retry
        CallbackTestKit.AssertSigned(again.Raw, secret);
        Assert.Equal(2, again.Body.GetProperty("meta").GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task AccountWebhookUrl_ReceivesEventsOfOrdersWithoutTheirOwn()
    {
        var account = await _service.NewAccountAsync();
        using var op = _service.Operator();
        await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/webhook_url", Json.Body(JsonSerializer.Serialize(new { webhook_url = _receiver.Url("/account") }))))
            .ExpectAsync(HttpStatusCode.OK);
        var id = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999961"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(await _receiver.WaitForAsync(2));
        Assert.All(Hooks(), h => Assert.Equal("/account", h.Path));
        Assert.Equal(new[] { "cancel-pending", "in-process" }, Hooks().Select(h => h.Status).Order().ToArray());

        // A webhook_url that is not an http(s) URL is refused naming the field.
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"webhook_url": "http://user:pw@example.com/x"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/webhook_url");
    }
}
