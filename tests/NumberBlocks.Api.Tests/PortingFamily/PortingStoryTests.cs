using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.PortingFamily;

/// <summary>
/// A Telnyx customer's whole port-in, with the service's default rules (requirements and FOC windows enforced): create
/// the order, upload the LOA and the invoice, meet every requirement, pick an allowed FOC window, submit; the carrier
/// comments and puts the order into exception; the customer fixes it and resubmits, verifies the number with the code
/// it was sent; the carrier submits, confirms the FOC date and ports. Every step the customer is told of arrives as a
/// webhook on 127.0.0.1, signed with the account's secret.
/// </summary>
public abstract class PortingStoryTests(TestDatabase database) : IAsyncLifetime
{
    /// <summary>Monday 23 November 2026, 12:00 UTC.</summary>
    private readonly FakeTimeProvider _clock = CallbackTestKit.NewClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _service = await CallbackTestKit.NewServiceAsync(database, _receiver.AllowedHostEntry, _clock,
            settings: new Dictionary<string, string> { ["NumberBlocks:Porting:EnforceRequirements"] = "true" });
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private sealed record Hook(string EventType, JsonElement Payload, ReceivedWebhook Raw);

    private List<Hook> Hooks() => _receiver.Received.Select(r =>
    {
        var data = JsonDocument.Parse(r.Body).RootElement.GetProperty("data").Clone();
        return new Hook(data.Str("event_type"), data.GetProperty("payload"), r);
    }).ToList();

    /// <summary>The status values of the status_changed webhooks received so far, in the order they were sent.</summary>
    private List<string> Statuses() => Hooks().Where(h => h.EventType == "porting_order.status_changed")
        .OrderBy(h => h.Payload.Str("updated_at"), StringComparer.Ordinal).Select(h => h.Payload.GetProperty("status").Str("value")).ToList();

    private async Task<int> WaitForHooksAsync(int count)
    {
        Assert.True(await _receiver.WaitForAsync(count), $"received {_receiver.Received.Count} webhooks, expected {count}");
        return count;
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object body) =>
        client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(JsonSerializer.Serialize(body)));

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();

    [Fact]
    public async Task PortIn_FromOrderToPorted_WithDocumentsRequirementsFocWindowCommentExceptionAndVerification_EveryEventSigned()
    {
        var account = await _service.NewAccountAsync();
        var secret = await CallbackTestKit.SecretAsync(_service, account.Id);
        using var op = _service.Operator();
        var client = account.Client;
        const string number = "+4920155502001";

        // The number is portable, and the order is made for it.
        var check = (await (await client.PostAsync("/v2/portability_checks", Json.Body($$"""{"phone_numbers": ["{{number}}"]}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.True(check.GetProperty("portable").GetBoolean());
        var order = (await (await client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_numbers": ["{{number}}"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var id = order.Str("id");
        await (await PatchAsync(client, id, new { webhook_url = _receiver.Url("/porting") })).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("already in your porting order", (await (await client.PostAsync("/v2/portability_checks", Json.Body($$"""{"phone_numbers": ["{{number}}"]}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("not_portable_reason"));

        // Nothing is met yet, so the order cannot be submitted.
        Assert.All(await ListAsync(client, $"/v2/porting_orders/{id}/requirements"), r => Assert.Equal("pending", r.Str("requirement_status")));
        await (await client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/documents/loa", "porting_order.requirements_not_met");

        // The LOA and the invoice are uploaded and named on the order with the end user's details: every requirement is met.
        var loa = (await DocumentsTests.UploadJsonAsync(client, DocumentsTests.Pdf, "loa.pdf")).Str("id");
        var invoice = (await DocumentsTests.UploadJsonAsync(client, DocumentsTests.Pdf, "invoice.pdf")).Str("id");
        await (await PatchAsync(client, id, new
        {
            documents = new { loa, invoice },
            end_user = new
            {
                admin = new { entity_name = "Acme GmbH", auth_person_name = "Ada Admin", account_number = "K-4711" },
                location = new { street_address = "Rüttenscheider Str. 1", locality = "Essen", postal_code = "45130", country_code = "DE" },
            },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.All(await ListAsync(client, $"/v2/porting_orders/{id}/requirements"), r => Assert.Equal("approved", r.Str("requirement_status")));
        var action = Assert.Single(await ListAsync(client, $"/v2/porting_orders/{id}/action_requirements"));
        var verified = (await (await client.PostAsync($"/v2/porting_orders/{id}/action_requirements/{action.Str("id")}/initiate",
            Json.Body("""{"params": {"first_name": "Ada", "last_name": "Admin"}}"""))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("completed", verified.Str("status"));
        Assert.True((await (await client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").GetProperty("requirements_met").GetBoolean());

        // An FOC date outside the allowed windows is refused; the first allowed window is taken.
        await (await PatchAsync(client, id, new { activation_settings = new { foc_datetime_requested = "2026-11-24T10:00:00Z" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activation_settings/foc_datetime_requested", "porting_order.foc_outside_window");
        var window = (await ListAsync(client, $"/v2/porting_orders/{id}/allowed_foc_windows"))[0];
        var foc = window.Str("started_at");
        await (await PatchAsync(client, id, new { activation_settings = new { foc_datetime_requested = foc } })).ExpectAsync(HttpStatusCode.OK);

        var submitted = (await (await client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("in-process", submitted.GetProperty("status").Str("value"));
        var hooks = await WaitForHooksAsync(1);

        // The carrier asks in a comment and puts the order into exception: the entity name does not match its records.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/comments", new { body = "The entity name on our records differs." }))
            .ExpectAsync(HttpStatusCode.Created);
        hooks = await WaitForHooksAsync(hooks + 1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new
        {
            status = "exception", details = new[] { new { code = "ENTITY_NAME_MISMATCH", description = "The carrier has 'Acme GmbH & Co. KG'." } },
        })).ExpectAsync(HttpStatusCode.OK);
        hooks = await WaitForHooksAsync(hooks + 1);
        var types = await ListAsync(client, "/v2/porting_orders/exception_types");
        Assert.Contains(types, t => t.Str("code") == "ENTITY_NAME_MISMATCH");
        var comments = await ListAsync(client, $"/v2/porting_orders/{id}/comments");
        Assert.Equal("admin", Assert.Single(comments).Str("user_type"));

        // The customer fixes the name and resubmits.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await (await PatchAsync(client, id, new { end_user = new { admin = new { entity_name = "Acme GmbH & Co. KG" } } })).ExpectAsync(HttpStatusCode.OK);
        var resubmitted = (await (await client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(("in-process", 0), (resubmitted.GetProperty("status").Str("value"), resubmitted.GetProperty("status").GetProperty("details").GetArrayLength()));
        hooks = await WaitForHooksAsync(hooks + 1);

        // The number is verified with the code the webhook brought.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await (await client.PostAsync($"/v2/porting_orders/{id}/verification_codes/send", null)).ExpectAsync(HttpStatusCode.NoContent);
        hooks = await WaitForHooksAsync(hooks + 1);
        var codeHook = Hooks().Single(h => h.EventType == "porting_order.verification_codes_sent");
        var code = codeHook.Payload.GetProperty("verification_codes")[0].Str("code");
        var verification = (await (await client.PostAsync($"/v2/porting_orders/{id}/verification_codes/verify",
            Json.Body($$"""{"verification_codes": [{"phone_number": "{{number}}", "code": "{{code}}"}]}"""))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.True(verification.GetProperty("verified").GetBoolean());

        // The carrier submits, confirms the FOC date the customer picked, and ports.
        foreach (var step in new object[]
        {
            new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = foc }, new { status = "ported" },
        })
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", step)).ExpectAsync(HttpStatusCode.OK);
        }
        hooks = await WaitForHooksAsync(hooks + 3);

        var owned = Assert.Single(await ListAsync(client, "/v2/phone_numbers"));
        Assert.Equal((number, "active"), (owned.Str("phone_number"), owned.Str("status")));
        Assert.Contains("already on your account", (await (await client.PostAsync("/v2/portability_checks", Json.Body($$"""{"phone_numbers": ["{{number}}"]}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("not_portable_reason"));

        // What the customer was told, all signed with the account's secret and addressed to the order's webhook_url.
        var received = Hooks();
        Assert.Equal(hooks, received.Count);
        Assert.All(received, h => CallbackTestKit.AssertSigned(h.Raw, secret));
        Assert.All(received, h => Assert.Equal("/porting", h.Raw.Path));
        Assert.Equal(["in-process", "exception", "in-process", "submitted", "foc-date-confirmed", "ported"], Statuses());
        var comment = Assert.Single(received, h => h.EventType == "porting_order.new_comment");
        Assert.Equal("The entity name on our records differs.", comment.Payload.GetProperty("comment").Str("body"));
        var exception = received.Single(h => h.EventType == "porting_order.status_changed" && h.Payload.GetProperty("status").Str("value") == "exception");
        Assert.Equal("ENTITY_NAME_MISMATCH", exception.Payload.GetProperty("status").GetProperty("details")[0].Str("code"));
        var ported = received.Single(h => h.EventType == "porting_order.status_changed" && h.Payload.GetProperty("status").Str("value") == "ported");
        Assert.Equal(foc, ported.Payload.GetProperty("activation_settings").Str("foc_datetime_actual"));

        // The same events are listed, newest first (the verification codes are a delivery, not a porting event).
        var events = await ListAsync(client, $"/v2/porting/events?filter[porting_order_id]={id}");
        Assert.Equal(7, events.Count);
        Assert.Equal("ported", events[0].GetProperty("payload").GetProperty("status").Str("value"));
    }
}

public sealed class PortingStorySqliteTests() : PortingStoryTests(TestDatabase.Sqlite);

public sealed class PortingStoryPostgresTests() : PortingStoryTests(TestDatabase.Postgres);
