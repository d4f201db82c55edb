using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace NumberBlocks.Api.Tests.PortingFamily;

/// <summary>
/// The porting order's family with the service's default rules (requirements and FOC windows enforced): documents on
/// the order, requirements from the one table, confirm refusing what is missing, action requirements, the LOA PDF,
/// comments and the carrier's new_comment webhook, FOC windows, exception types and resubmission after an exception.
/// </summary>
public abstract class PortingFamilyTests(TestDatabase database) : IAsyncLifetime
{
    /// <summary>Monday 23 November 2026, 12:00 UTC: Thanksgiving (US) is that Thursday.</summary>
    private readonly FakeTimeProvider _clock = CallbackTestKit.NewClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;
    private ServiceFactory _service = null!;

    /// <summary>A real 1×1 PNG (the LOA draws it as the logo).</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

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

    private static async Task<string> CreateOrderAsync(HttpClient client, params string[] numbers) =>
        (await (await client.PostAsync("/v2/porting_orders", Json.Body(JsonSerializer.Serialize(new { phone_numbers = numbers }))))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object body) =>
        client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(JsonSerializer.Serialize(body)));

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();

    /// <summary>Everything a DE order's requirements ask for (documents, end user, address, customer number).</summary>
    private static async Task SatisfyDeAsync(HttpClient client, string id)
    {
        var loa = (await DocumentsTests.UploadJsonAsync(client, DocumentsTests.Pdf, "loa.pdf")).Str("id");
        var invoice = (await DocumentsTests.UploadJsonAsync(client, DocumentsTests.Pdf, "bill.pdf")).Str("id");
        await (await PatchAsync(client, id, new
        {
            documents = new { loa, invoice },
            end_user = new
            {
                admin = new { entity_name = "Acme GmbH", auth_person_name = "Ada Admin", account_number = "K-1" },
                location = new { street_address = "Rüttenscheider Str. 1", locality = "Essen", postal_code = "45130", country_code = "DE" },
            },
        })).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Confirm_DeOrderMissingRequirements_Is422NamingEach_ThenSubmitsOnceMet()
    {
        var account = await _service.NewAccountAsync();
        var id = await CreateOrderAsync(account.Client, "+4920155501001");

        var requirements = await ListAsync(account.Client, $"/v2/porting_orders/{id}/requirements");
        Assert.Equal(9, requirements.Count); // the eight of every order and the DE customer number
        Assert.All(requirements, r => Assert.Equal("pending", r.Str("requirement_status")));
        Assert.Contains(requirements, r => r.GetProperty("requirement_type").Str("name") == "Letter of Authorization" && r.Str("field_type") == "document");

        var refused = await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/documents/loa", "porting_order.requirements_not_met");
        Assert.Equal(10, refused.GetProperty("errors").GetArrayLength()); // nine fields and the identity verification
        Assert.Contains(refused.GetProperty("errors").EnumerateArray(), e => e.Str("detail").Contains("Customer number at the losing carrier"));

        await SatisfyDeAsync(account.Client, id);
        var order = (await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.True(order.GetProperty("requirements_met").GetBoolean());
        Assert.Equal(2, order.GetProperty("requirements").GetArrayLength());
        Assert.All(await ListAsync(account.Client, $"/v2/porting_orders/{id}/requirements"), r => Assert.Equal("approved", r.Str("requirement_status")));

        // Only the action requirement is left: a name that is not the authorized person fails it, the right one completes it.
        var only = await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, only.GetProperty("errors").GetArrayLength());
        var action = Assert.Single(await ListAsync(account.Client, $"/v2/porting_orders/{id}/action_requirements"));
        Assert.Equal(("created", "end_user_id_verification"), (action.Str("status"), action.Str("action_type")));
        var initiate = $"/v2/porting_orders/{id}/action_requirements/{action.Str("id")}/initiate";
        var failed = (await (await account.Client.PostAsync(initiate, Json.Body("""{"params": {"first_name": "Eve", "last_name": "Mallory"}}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("failed", failed.Str("status"));
        Assert.False(string.IsNullOrEmpty(failed.Str("cancel_reason")));
        var done = (await (await account.Client.PostAsync(initiate, Json.Body("""{"params": {"first_name": "ada", "last_name": "admin"}}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(("completed", action.Str("id")), (done.Str("status"), done.Str("id")));
        Assert.Single(await ListAsync(account.Client, $"/v2/porting_orders/{id}/action_requirements?filter[status]=completed"));

        var confirmed = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("in-process", confirmed.GetProperty("status").Str("value"));
    }

    [Fact]
    public async Task Patch_RequirementsByTypeId_SetTheFieldsTheyRead_AndDocumentsMustBeTheAccounts()
    {
        var account = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync("other");
        var id = await CreateOrderAsync(account.Client, "+13035557001");
        var requirements = await ListAsync(account.Client, $"/v2/porting_orders/{id}/requirements");
        Assert.Equal(10, requirements.Count); // US: the eight, the BTN and the state
        string TypeId(string name) => requirements.Single(r => r.GetProperty("requirement_type").Str("name") == name).GetProperty("requirement_type").Str("id");

        var doc = (await DocumentsTests.UploadJsonAsync(account.Client, DocumentsTests.Pdf, "loa.pdf")).Str("id");
        var patched = (await (await PatchAsync(account.Client, id, new
        {
            requirements = new[]
            {
                new { requirement_type_id = TypeId("Letter of Authorization"), field_value = doc },
                new { requirement_type_id = TypeId("Billing telephone number (BTN)"), field_value = "+13035557001" },
            },
        })).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(doc, patched.GetProperty("documents").Str("loa"));
        Assert.Equal("+13035557001", patched.GetProperty("end_user").GetProperty("admin").Str("billing_phone_number"));

        await (await PatchAsync(account.Client, id, new { requirements = new[] { new { requirement_type_id = "nope", field_value = "x" } } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/requirements/0/requirement_type_id");
        var foreign = (await DocumentsTests.UploadJsonAsync(other.Client, DocumentsTests.Pdf, "theirs.pdf")).Str("id");
        await (await PatchAsync(account.Client, id, new { documents = new { invoice = foreign } })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/documents/invoice");
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/requirements")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdditionalDocuments_CreateListFilterDelete_OneAccountsOnly()
    {
        var account = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync("other");
        var id = await CreateOrderAsync(account.Client, "+4920155501002");
        var csr = (await DocumentsTests.UploadJsonAsync(account.Client, DocumentsTests.Pdf, "csr.pdf")).Str("id");
        var photo = (await DocumentsTests.UploadJsonAsync(account.Client, Png, "id.png")).Str("id");
        var created = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/additional_documents", Json.Body(JsonSerializer.Serialize(new
        {
            additional_documents = new[] { new { document_id = csr, document_type = "csr" }, new { document_id = photo, document_type = "other" } },
        })))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(2, created.GetArrayLength());
        Assert.Equal(("csr.pdf", "application/pdf"), (created[0].Str("filename"), created[0].Str("content_type")));

        var csrOnly = Assert.Single(await ListAsync(account.Client, $"/v2/porting_orders/{id}/additional_documents?filter[document_type]=csr"));
        Assert.Equal(csr, csrOnly.Str("document_id"));
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/additional_documents")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var theirs = (await DocumentsTests.UploadJsonAsync(other.Client, DocumentsTests.Pdf, "x.pdf")).Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/additional_documents",
            Json.Body(JsonSerializer.Serialize(new { additional_documents = new[] { new { document_id = theirs, document_type = "other" } } }))))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/additional_documents/0/document_id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/additional_documents",
            Json.Body(JsonSerializer.Serialize(new { additional_documents = new[] { new { document_id = csr, document_type = "passport" } } }))))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/additional_documents/0/document_type");

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/v2/porting_orders/{id}/additional_documents/{csrOnly.Str("id")}")).StatusCode);
        Assert.Single(await ListAsync(account.Client, $"/v2/porting_orders/{id}/additional_documents"));
        await (await account.Client.DeleteAsync($"/v2/porting_orders/{id}/additional_documents/{csrOnly.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LoaTemplate_IsAPdfHoldingTheOrdersNumbersEndUserAndLetterhead()
    {
        var account = await _service.NewAccountAsync();
        var id = await CreateOrderAsync(account.Client, "+4920155501010", "+4920155501011", "+4920155501012", "+4920155501020");
        await SatisfyDeAsync(account.Client, id);
        var logo = (await DocumentsTests.UploadJsonAsync(account.Client, Png, "logo.png")).Str("id");
        var configuration = (await (await account.Client.PostAsync("/v2/porting/loa_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            name = "Main", company_name = "Porting Partner AG", logo = new { document_id = logo },
            address = new { street_address = "Hauptstr. 5", city = "Berlin", state = "BE", zip_code = "10115", country_code = "DE" },
            contact = new { email = "port@partner.example", phone_number = "+493012345678" },
        })))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(("Porting Partner AG", "Berlin"), (configuration.Str("company_name"), configuration.GetProperty("address").Str("city")));

        var response = await account.Client.GetAsync($"/v2/porting_orders/{id}/loa_template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("+4920155501010", text);
        Assert.Contains("+4920155501012", text);
        Assert.Contains("+4920155501020", text);
        Assert.Contains("Acme GmbH", text);
        Assert.Contains("Ada Admin", text);
        Assert.Contains("Porting Partner AG", text);
        Assert.Contains("Letter of Authorization", text);

        var preview = await account.Client.GetAsync($"/v2/porting/loa_configurations/{configuration.Str("id")}/preview");
        Assert.Contains("Porting Partner AG", PdfText(await preview.Content.ReadAsByteArrayAsync()));
        var pdf = PdfText(await (await account.Client.PostAsync("/v2/porting/loa_configurations/preview", Json.Body(JsonSerializer.Serialize(new
        {
            name = "Draft", company_name = "Other Carrier GmbH", logo = new { document_id = logo },
            address = new { street_address = "A 1", city = "Köln", state = "NW", zip_code = "50667", country_code = "DE" },
            contact = new { email = "a@b.example", phone_number = "+4922112345" },
        })))).Content.ReadAsByteArrayAsync());
        Assert.Contains("Other Carrier GmbH", pdf);

        // A logo must be a PNG of the account; the configuration is the account's own.
        var pdfDoc = (await DocumentsTests.UploadJsonAsync(account.Client, DocumentsTests.Pdf, "not-a-logo.pdf")).Str("id");
        await (await account.Client.PatchAsync($"/v2/porting/loa_configurations/{configuration.Str("id")}", Json.Body(JsonSerializer.Serialize(new
        {
            name = "Main", company_name = "X", logo = new { document_id = pdfDoc },
            address = new { street_address = "Hauptstr. 5", city = "Berlin", state = "BE", zip_code = "10115", country_code = "DE" },
            contact = new { email = "port@partner.example", phone_number = "+493012345678" },
        })))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/logo/document_id", "document.type_not_allowed");
        var other = await _service.NewAccountAsync("other");
        await (await other.Client.GetAsync($"/v2/porting/loa_configurations/{configuration.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/loa_template")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/v2/porting/loa_configurations/{configuration.Str("id")}")).StatusCode);
        Assert.Empty(await ListAsync(account.Client, "/v2/porting/loa_configurations"));
    }

    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task Comments_CustomersAndCarriers_TheCarriersIsASignedNewCommentWebhook()
    {
        var account = await _service.NewAccountAsync();
        var secret = await CallbackTestKit.SecretAsync(_service, account.Id);
        var id = await CreateOrderAsync(account.Client, "+4920155501003");
        await (await PatchAsync(account.Client, id, new { webhook_url = _receiver.Url("/order") })).ExpectAsync(HttpStatusCode.OK);

        var mine = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/comments", Json.Body("""{"body": "Is the bill enough?"}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal("user", mine.Str("user_type"));
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/comments", Json.Body("""{"body": "  "}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/body");

        _clock.Advance(TimeSpan.FromMinutes(1));
        using var op = _service.Operator();
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/comments", new { body = "Please upload the latest bill." })).ExpectAsync(HttpStatusCode.Created);
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{Guid.NewGuid()}/comments", new { body = "x" })).ExpectErrorAsync(HttpStatusCode.NotFound);

        var comments = await ListAsync(account.Client, $"/v2/porting_orders/{id}/comments");
        Assert.Equal(["user", "admin"], comments.Select(c => c.Str("user_type")));
        Assert.True(await _receiver.WaitForAsync(1), "no webhook");
        var hook = Assert.Single(_receiver.Received);
        var data = JsonDocument.Parse(hook.Body).RootElement.GetProperty("data");
        Assert.Equal("porting_order.new_comment", data.Str("event_type"));
        Assert.Equal("Please upload the latest bill.", data.GetProperty("payload").GetProperty("comment").Str("body"));
        Assert.Equal(id, data.GetProperty("payload").Str("porting_order_id"));
        CallbackTestKit.AssertSigned(hook, secret);
        Assert.Single(await ListAsync(account.Client, "/v2/porting/events?filter[type]=porting_order.new_comment"));

        var other = await _service.NewAccountAsync("other");
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/comments")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AllowedFocWindows_SkipLeadTimeWeekendsAndHolidays_AndAFocOutsideIs422()
    {
        var account = await _service.NewAccountAsync();
        var us = await CreateOrderAsync(account.Client, "+13035557002");
        var de = await CreateOrderAsync(account.Client, "+4920155501004");

        // US: the third business day after Monday 23 Nov 2026 (Tue, Wed, then Fri: Thursday is Thanksgiving), 09:00-17:00 New York.
        var usWindows = await ListAsync(account.Client, $"/v2/porting_orders/{us}/allowed_foc_windows");
        Assert.Equal(30, usWindows.Count);
        Assert.Equal(("2026-11-27T14:00:00.000Z", "2026-11-27T22:00:00.000Z"), (usWindows[0].Str("started_at"), usWindows[0].Str("ended_at")));
        // DE: the seventh business day (24, 25, 26, 27, 30 Nov, 1, 2 Dec): Wednesday 2 Dec, 09:00 Berlin; no 25 or 26 December.
        var deWindows = await ListAsync(account.Client, $"/v2/porting_orders/{de}/allowed_foc_windows");
        Assert.Equal("2026-12-02T08:00:00.000Z", deWindows[0].Str("started_at"));
        Assert.DoesNotContain(deWindows, w => w.Str("started_at").StartsWith("2026-12-25") || w.Str("started_at").StartsWith("2026-12-26"));
        Assert.DoesNotContain(deWindows, w => DateTimeOffset.Parse(w.Str("started_at"), System.Globalization.CultureInfo.InvariantCulture).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);

        await (await PatchAsync(account.Client, de, new { activation_settings = new { foc_datetime_requested = "2026-12-05T10:00:00Z" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activation_settings/foc_datetime_requested", "porting_order.foc_outside_window");
        await (await PatchAsync(account.Client, de, new { activation_settings = new { foc_datetime_requested = "2026-11-25T10:00:00Z" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activation_settings/foc_datetime_requested");
        await (await PatchAsync(account.Client, de, new { activation_settings = new { foc_datetime_requested = "2026-12-02T07:59:00Z" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activation_settings/foc_datetime_requested");
        var ok = (await (await PatchAsync(account.Client, de, new { activation_settings = new { foc_datetime_requested = "2026-12-03T10:00:00Z" } }))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("2026-12-03T10:00:00.000Z", ok.GetProperty("activation_settings").Str("foc_datetime_requested"));
    }

    [Fact]
    public async Task Exception_CarrierGivesATypeAndDetails_CustomerFixesAndResubmits()
    {
        var account = await _service.NewAccountAsync();
        var types = (await (await account.Client.GetAsync("/v2/porting_orders/exception_types")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Contains(types.EnumerateArray(), t => t.Str("code") == "ENTITY_NAME_MISMATCH" && t.Str("description").Length > 0);

        var id = await CreateOrderAsync(account.Client, "+4920155501005");
        await SatisfyDeAsync(account.Client, id);
        var action = Assert.Single(await ListAsync(account.Client, $"/v2/porting_orders/{id}/action_requirements"));
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/action_requirements/{action.Str("id")}/initiate",
            Json.Body("""{"params": {"first_name": "Ada", "last_name": "Admin"}}"""))).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);

        using var op = _service.Operator();
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new
        {
            status = "exception", details = new[] { new { code = "ENTITY_NAME_MISMATCH", description = "The carrier has 'Acme Gmbh & Co. KG'." } },
        })).ExpectAsync(HttpStatusCode.OK);
        var inException = (await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").GetProperty("status");
        Assert.Equal("exception", inException.Str("value"));
        Assert.Equal("ENTITY_NAME_MISMATCH", inException.GetProperty("details")[0].Str("code"));

        await (await PatchAsync(account.Client, id, new { end_user = new { admin = new { entity_name = "Acme GmbH & Co. KG" } } })).ExpectAsync(HttpStatusCode.OK);
        var resubmitted = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("in-process", resubmitted.GetProperty("status").Str("value"));
        Assert.Equal(0, resubmitted.GetProperty("status").GetProperty("details").GetArrayLength());
        Assert.Equal("Acme GmbH & Co. KG", resubmitted.GetProperty("end_user").GetProperty("admin").Str("entity_name"));
    }
}

public sealed class PortingFamilySqliteTests() : PortingFamilyTests(TestDatabase.Sqlite);

public sealed class PortingFamilyPostgresTests() : PortingFamilyTests(TestDatabase.Postgres);
