using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// Issue 8's isolation proof, generated from the OpenAPI document: for every id-bearing operation of the account
/// surfaces, another account's key gets the surface's "no such resource" (404; on the Fone Dynamics surface, which has no
/// 404, a 400 *_NOT_FOUND) in the surface's error format, and the database does not change by a byte.
/// A new operation on a known resource is covered without editing this test; a new kind of id fails it until
/// <see cref="OwnedId"/> learns which of the owner's resources it names.
/// </summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();

    public ValueTask InitializeAsync()
    {
        _ = _service.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    /// <summary>Paths the operator's key serves (any account key is a 401 there, by design, so they are not tenant-scoped).</summary>
    private static readonly string[] OperatorPrefixes = ["/admin/"];

    /// <summary>Path parameters that are not ids (a search text), so there is nothing of another account to reach through them.</summary>
    private static readonly string[] NotIds = ["Text", "status"];

    /// <summary>
    /// The value each non-id path parameter gets: a search text, and the port-out decision the owner may take on a pending
    /// port-out (PATCH /v2/portouts/{id}/{status}: authorized or rejected-pending), so only ownership can refuse it.
    /// </summary>
    private static readonly Dictionary<string, string> NotIdValues = new() { ["Text"] = "612888", ["status"] = "authorized" };

    /// <summary>
    /// Searches whose path segment shares its name with an id (Fone Dynamics' GET /v2/numberblocks/{Text} and POST
    /// /v2/numberblocks/{NumberBlockSid} are one path, so one name): another account's id finds nothing there, an empty list.
    /// </summary>
    private static readonly string[] Searches = ["GET /v2/numberblocks/{NumberBlockSid}"];

    /// <summary>Fone Dynamics' paths (routing is case-insensitive): the provider documents 400 and no 404.</summary>
    private static readonly string[] FonePrefixes = ["/v2/numberblocks", "/v2/Properties", "/v2/Accounts"];

    private sealed record Owned(string OrderId, string BlockId, string ExtensionId, string NumberId, string ActivationOrderId, string ActivationJobId,
        string EventId, string PhoneNumberId, string AccountSid, string PropertySid, string NumberBlockSid, string SpareBlockSid, string NumberRequestId,
        Ordering Bought, FamilyObjects Family, Later Later);

    /// <summary>
    /// The owner's objects of the later resources: an associated phone number of the draft order, a porting report, a
    /// port-out (recorded by the operator for a block the owner holds) with its event and a port-out report, and a block
    /// deletion job (of a block of its own, so that the numbers other checks read stay the owner's).
    /// </summary>
    private sealed record Later(string AssociatedNumberId, string PortingReportId, string PortoutId, string PortoutEventId, string PortoutReportId,
        string BlockJobId);

    /// <summary>The owner's porting-family objects: a document, one attached to the order, its action requirement, an LOA configuration.</summary>
    private sealed record FamilyObjects(string DocumentId, string AdditionalDocumentId, string ActionRequirementId, string LoaConfigurationId);

    /// <summary>The owner's Telnyx purchases: a completed block order (also its bought block), a number order, a reservation, orders by criteria.</summary>
    private sealed record Ordering(string BlockOrderId, string NumberOrderId, string ReservationId, string InexplicitOrderId, string AdvancedOrderId);

    [Fact]
    public async Task EveryIdBearingOperation_AnotherAccountsKey_Gets404AndChangesNothing()
    {
        var owner = await _service.NewAccountAsync("owner");
        var intruder = await _service.NewAccountAsync("intruder");
        var owned = await CreateOwnedAsync(owner);

        var operations = (await OpenApiOperations.LoadAsync(owner.Client))
            .Where(o => o.PathParameters.Except(NotIds).Any() && !OperatorPrefixes.Any(p => o.PathTemplate.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} id-bearing operations found: {string.Join(", ", operations)}");

        var checkedOps = new List<string>();
        var failures = new List<string>();
        foreach (var op in operations)
        {
            try
            {
                var path = op.PathTemplate;
                foreach (var parameter in op.PathParameters)
                    path = path.Replace("{" + parameter + "}", NotIds.Contains(parameter) ? NotIdValues[parameter] : OwnedId(parameter, op.PathTemplate, owned), StringComparison.Ordinal);
                // CM.com's companion endpoints answer for a country and number type: the control needs them to succeed.
                if (path.StartsWith("/voice/phonenumberrequestapi/", StringComparison.Ordinal)
                    && (path.EndsWith("/restrictions", StringComparison.Ordinal) || path.EndsWith("/localeoptions", StringComparison.Ordinal)
                        || path.EndsWith("/availability", StringComparison.Ordinal)))
                    path += "?countryCode=DE&numberType=local&areaCode=201&quantity=10";
                var fone = FonePrefixes.Any(p => op.PathTemplate.StartsWith(p, StringComparison.OrdinalIgnoreCase));

                if (op.Method == "GET")
                {
                    // Control: the ids name real resources, which their owner can read.
                    var own = await owner.Client.GetAsync(path);
                    Assert.True(own.IsSuccessStatusCode, $"{op}: the owner gets {(int)own.StatusCode} for {path}");
                }

                var before = Snapshot();
                var request = new HttpRequestMessage(new HttpMethod(op.Method), path);
                if (BodyFor(op, owned, intruder) is { } body) request.Content = Json.Body(body);
                var response = await intruder.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var search = Searches.Contains(op.ToString());
                var notYours = search
                    ? response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(text).RootElement.GetProperty("NumberBlocks").GetArrayLength() == 0
                    : fone
                    ? response.StatusCode == HttpStatusCode.BadRequest
                      && (JsonDocument.Parse(text).RootElement.GetProperty("ResponseStatus").GetProperty("ErrorCode").GetString() ?? "").EndsWith("_NOT_FOUND", StringComparison.Ordinal)
                    : response.StatusCode == HttpStatusCode.NotFound;
                Assert.True(notYours, $"{op} with another account's key: {(int)response.StatusCode} {text}");
                if (!search) Assert.Null(SurfaceErrorShapes.Problem(path, text));
                Assert.True(before == Snapshot(), $"{op} with another account's key changed the database");
                checkedOps.Add(op.ToString());
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                failures.Add(e.Message);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        TestContext.Current.SendDiagnosticMessage($"[isolation] {checkedOps.Count} id-bearing operations: another account's key got 404 and changed nothing");

        // And the owner still has everything.
        var order = await (await owner.Client.GetAsync($"/v2/porting_orders/{owned.OrderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", order.GetProperty("data").GetProperty("status").Str("value"));
        var portout = await (await owner.Client.GetAsync($"/v2/portouts/{owned.Later.PortoutId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", portout.GetProperty("data").Str("status"));

        // The bodies the intruder was refused with are ones the owner is accepted with: only ownership refused them.
        await (await owner.Client.PostAsync($"/v2/portouts/{owned.Later.PortoutId}/supporting_documents",
            Json.Body(BodyFor(new ApiOperation("POST", "/v2/portouts/{id}/supporting_documents", ["id"]), owned, intruder)!))).ExpectAsync(HttpStatusCode.Created);
        var decided = await (await owner.Client.PatchAsync($"/v2/portouts/{owned.Later.PortoutId}/{NotIdValues["status"]}",
            Json.Body(BodyFor(new ApiOperation("PATCH", "/v2/portouts/{id}/{status}", ["id", "status"]), owned, intruder)!))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("authorized", decided.GetProperty("data").Str("status"));
    }

    /// <summary>Which of the owner's resources a path parameter names: the resource of the segment before it.</summary>
    private static string OwnedId(string parameter, string template, Owned owned)
    {
        var marker = "{" + parameter + "}";
        var segments = template[..template.IndexOf(marker, StringComparison.Ordinal)].TrimEnd('/').Split('/');
        var resource = parameter == "id" ? segments[^1] : parameter;
        return resource switch
        {
            "porting_orders" when template.Contains("activat", StringComparison.Ordinal) => owned.ActivationOrderId,
            "porting_orders" or "porting_order_id" => owned.OrderId,
            "activationJobId" or "activation_jobs" => owned.ActivationJobId,
            "events" when template.StartsWith("/v2/portouts/", StringComparison.Ordinal) => owned.Later.PortoutEventId,
            "events" => owned.EventId,
            "associated_phone_numbers" => owned.Later.AssociatedNumberId,
            "reports" when template.StartsWith("/v2/portouts/", StringComparison.Ordinal) => owned.Later.PortoutReportId,
            "reports" => owned.Later.PortingReportId,
            "portouts" or "portout_id" => owned.Later.PortoutId,
            "jobs" => owned.Later.BlockJobId,
            "phone_numbers" => owned.PhoneNumberId,
            "AccountSid" or "accountGuid" => owned.AccountSid,
            "numberrequests" => owned.NumberRequestId,
            "PropertySid" => owned.PropertySid,
            "NumberBlockSid" => owned.NumberBlockSid,
            "phone_number_blocks" => owned.BlockId,
            "phone_number_extensions" => owned.ExtensionId,
            "porting_phone_numbers" or "porting_phone_number_id" => owned.NumberId,
            "number_block_order_id" or "phone_number_block_id" => owned.Bought.BlockOrderId,
            "number_order_id" => owned.Bought.NumberOrderId,
            "number_reservation_id" => owned.Bought.ReservationId,
            "inexplicit_number_orders" => owned.Bought.InexplicitOrderId,
            "order_id" or "advanced_order_id" => owned.Bought.AdvancedOrderId,
            "documents" => owned.Family.DocumentId,
            "additional_document_id" => owned.Family.AdditionalDocumentId,
            "action_requirements" => owned.Family.ActionRequirementId,
            "loa_configurations" => owned.Family.LoaConfigurationId,
            _ => throw new Xunit.Sdk.XunitException(
                $"{template}: no owned resource is known for '{parameter}' (resource '{resource}'); add it to IsolationTests.OwnedId."),
        };
    }

    /// <summary>A body the operation would accept from the owner, so only ownership can refuse it.</summary>
    private static string? BodyFor(ApiOperation op, Owned owned, TestAccount intruder) => (op.Method, op.PathTemplate) switch
    {
        // Fone Dynamics: parameters are checked before ids, so they are valid (and the intruder's own where it names itself).
        ("POST", "/v2/numberblocks/{NumberBlockSid}") => $$"""{"AccountSid": "{{intruder.Id}}", "AnswerPoint": "+61299997777"}""",
        ("POST", var t) when t.EndsWith("/NumberBlocks", StringComparison.Ordinal) =>
            $$"""{"numberBlockSid": "{{owned.SpareBlockSid}}", "AnswerPoint": "+61299997777"}""",
        ("POST", var t) when t.EndsWith("/Properties", StringComparison.Ordinal) => """{"Name": "intruder"}""",
        ("PATCH", var t) when t.Contains("activation_jobs", StringComparison.Ordinal) =>
            JsonSerializer.Serialize(new { activate_at = DateTimeOffset.UtcNow.AddMinutes(90).ToString("O") }),
        ("POST", var t) when t.EndsWith("/phone_number_blocks", StringComparison.Ordinal) =>
            """{"phone_number_range": {"start_at": "+4920123477000", "end_at": "+4920123477099"}, "activation_ranges": []}""",
        ("POST", var t) when t.EndsWith("/phone_number_extensions", StringComparison.Ordinal) =>
            $$"""{"porting_phone_number_id": "{{owned.NumberId}}", "extension_range": {"start_at": 100, "end_at": 110}, "activation_ranges": []}""",
        ("POST", var t) when t.EndsWith("/additional_documents", StringComparison.Ordinal) =>
            $$"""{"additional_documents": [{"document_id": "{{owned.Family.DocumentId}}", "document_type": "other"}]}""",
        ("POST", var t) when t.EndsWith("/comments", StringComparison.Ordinal) => """{"body": "intruder"}""",
        ("POST", var t) when t.EndsWith("/verification_codes/verify", StringComparison.Ordinal) =>
            """{"verification_codes": [{"code": "123456", "phone_number": "+4920123456000"}]}""",
        ("POST", var t) when t.EndsWith("/associated_phone_numbers", StringComparison.Ordinal) =>
            """{"action": "keep", "phone_number_range": {"start_at": "+4920123457300", "end_at": "+4920123457309"}}""",
        ("POST", var t) when t.EndsWith("/supporting_documents", StringComparison.Ordinal) =>
            $$"""{"documents": [{"document_id": "{{owned.Family.DocumentId}}", "type": "loa"}]}""",
        ("PATCH", "/v2/portouts/{id}/{status}") => """{"reason": ""}""",
        ("POST", var t) when t.EndsWith("/initiate", StringComparison.Ordinal) => """{"params": {"first_name": "In", "last_name": "Truder"}}""",
        ("PATCH", var t) when t.Contains("loa_configurations", StringComparison.Ordinal) => "{}",
        ("PATCH", _) => """{"customer_reference": "intruder"}""",
        ("POST", var t) when t.EndsWith("/phone_numbers/{id}/actions/activate", StringComparison.Ordinal) => null,
        ("POST" or "PUT", _) => "{}",
        _ => null,
    };

    private async Task<Owned> CreateOwnedAsync(TestAccount owner)
    {
        var created = await owner.Client.PostAsync("/v2/porting_orders", Json.Body(
            """{"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": []}]}"""));
        var order = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var number = order.GetProperty("phone_numbers")[0];
        var extension = await owner.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{number.Str("id")}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}"""));
        var extensionId = (await extension.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id");
        using var op = _service.Operator();

        // A US order with its FOC confirmed an hour ahead, and an activation job for it.
        var us = (await (await owner.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+13035550001"]}"""))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await owner.Client.PostAsync($"/v2/porting_orders/{us}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await CarrierAsync(op, us, new { status = "submitted" });
        await CarrierAsync(op, us, new { status = "foc-date-confirmed", foc_datetime_actual = DateTimeOffset.UtcNow.AddHours(1).ToString("O") });
        var job = (await (await owner.Client.PostAsync($"/v2/porting_orders/{us}/actions/activate", null)).ExpectAsync(HttpStatusCode.Accepted)).GetProperty("data").Str("id");

        // A ported order: the account's own phone number, and porting events.
        var de = (await (await owner.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4920123458000"]}"""))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await owner.Client.PostAsync($"/v2/porting_orders/{de}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await CarrierAsync(op, de, new { status = "submitted" });
        await CarrierAsync(op, de, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-12-01T08:00:00Z" });
        await CarrierAsync(op, de, new { status = "ported" });
        var phoneNumber = (await (await owner.Client.GetAsync("/v2/phone_numbers")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("id");
        var eventId = (await (await owner.Client.GetAsync("/v2/porting/events")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("id");

        // Fone Dynamics: a property, a block bought into it, and a block still for sale.
        var sold = await PublishAsync(op, "+61288800000", "+61288800099");
        var spare = await PublishAsync(op, "+61288800100", "+61288800199");
        var property = (await (await op.PostAsync($"/admin/v1/accounts/{owner.Id}/properties", Json.Body("""{"name": "Brand A"}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("PropertySid");
        await (await owner.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks",
            Json.Body($$"""{"numberBlockSid": "{{sold}}", "AnswerPoint": "+61299998888"}"""))).ExpectAsync(HttpStatusCode.OK);

        // CM.com: a number request, pending on empty stock.
        var numberRequest = await owner.Client.PostAsync($"/voice/phonenumberrequestapi/v1/{owner.Id}/numberrequests", Json.Body(
            """{"quantity": 10, "numberType": "local", "areaCode": "201", "countryCode": "DE"}"""));
        var numberRequestId = (await numberRequest.ExpectAsync(HttpStatusCode.Created)).Str("numberRequestId");

        return new Owned(order.Str("id"), number.Str("block_reference_id"), extensionId, number.Str("id"), us, job, eventId, phoneNumber,
            owner.Id.ToString(), property, sold, spare, numberRequestId, await BuyAsync(owner, op), await FamilyAsync(owner, order.Str("id")),
            await LaterAsync(owner, op, order.Str("id")));
    }

    private static async Task<Later> LaterAsync(TestAccount owner, HttpClient op, string draftOrderId)
    {
        async Task<JsonElement> Post(HttpClient client, string path, string body, HttpStatusCode expected = HttpStatusCode.Created) =>
            (await (await client.PostAsync(path, Json.Body(body))).ExpectAsync(expected)).GetProperty("data");

        var associated = (await Post(owner.Client, $"/v2/porting_orders/{draftOrderId}/associated_phone_numbers",
            """{"action": "disconnect", "phone_number_range": {"start_at": "+4920123457200", "end_at": "+4920123457209"}}""")).Str("id");

        // Two whole blocks ported in: one leaves by port-out (pending until its FOC date, a year ahead), one is deleted by a job.
        var leaving = await PortInBlockAsync(owner, op, "+4920123470000", "+4920123470099");
        var deleted = await PortInBlockAsync(owner, op, "+4920123471000", "+4920123471099");
        var portout = (await Post(op, "/admin/v1/portouts", JsonSerializer.Serialize(new
        {
            phone_numbers = Enumerable.Range(0, 100).Select(i => "+49201234700" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            carrier_name = "Other Carrier GmbH", spid = "D123", requested_foc_date = DateTimeOffset.UtcNow.AddYears(1).ToString("O"),
            end_user_name = "Acme GmbH", service_address = "Hauptstr. 1, 45127 Essen",
        }))).Str("id");
        var portoutEvent = (await (await owner.Client.GetAsync($"/v2/portouts/events?filter[portout_id]={portout}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data")[0].Str("id");
        var job = (await Post(owner.Client, "/v2/phone_number_blocks/jobs/delete_phone_number_block",
            $$"""{"phone_number_block_id": "{{deleted}}"}""", HttpStatusCode.Accepted)).Str("id");

        // Reports, completed by their worker before the intruder comes (so the snapshot does not move under the checks).
        var portingReport = (await Post(owner.Client, "/v2/porting/reports",
            """{"params": {"filters": {}}, "report_type": "export_porting_orders_csv"}""")).Str("id");
        var portoutReport = (await Post(owner.Client, "/v2/portouts/reports",
            """{"params": {"filters": {}}, "report_type": "export_portouts_csv"}""")).Str("id");
        foreach (var path in new[] { $"/v2/porting/reports/{portingReport}", $"/v2/portouts/reports/{portoutReport}" })
            Assert.True(await Eventually.TrueAsync(async () =>
                (await (await owner.Client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("status") == "completed", TimeSpan.FromSeconds(20)), path);
        return new Later(associated, portingReport, portout, portoutEvent, portoutReport, job);
    }

    /// <summary>Ports a whole block in for the account (confirm, then the carrier's steps to ported); answers the block's id.</summary>
    private static async Task<string> PortInBlockAsync(TestAccount owner, HttpClient op, string start, string end)
    {
        var order = (await (await owner.Client.PostAsync("/v2/porting_orders", Json.Body(
            $$"""{"phone_number_blocks": [{"phone_number_range": {"start_at": "{{start}}", "end_at": "{{end}}"}, "activation_ranges": []}]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var id = order.Str("id");
        await (await owner.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await CarrierAsync(op, id, new { status = "submitted" });
        await CarrierAsync(op, id, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-12-01T08:00:00Z" });
        await CarrierAsync(op, id, new { status = "ported" });
        return order.GetProperty("phone_numbers")[0].Str("block_reference_id");
    }

    private static async Task<FamilyObjects> FamilyAsync(TestAccount owner, string orderId)
    {
        var document = (await PortingFamily.DocumentsTests.UploadJsonAsync(owner.Client, PortingFamily.DocumentsTests.Pdf, "loa.pdf")).Str("id");
        var logo = (await PortingFamily.DocumentsTests.UploadJsonAsync(owner.Client, PortingFamily.PortingFamilyTests.Png, "logo.png")).Str("id");
        var attached = (await (await owner.Client.PostAsync($"/v2/porting_orders/{orderId}/additional_documents",
            Json.Body($$"""{"additional_documents": [{"document_id": "{{document}}", "document_type": "csr"}]}"""))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        var action = (await (await owner.Client.GetAsync($"/v2/porting_orders/{orderId}/action_requirements")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("id");
        var loa = (await (await owner.Client.PostAsync("/v2/porting/loa_configurations", Json.Body(JsonSerializer.Serialize(new
        {
            name = "Owner", company_name = "Owner AG", logo = new { document_id = logo },
            address = new { street_address = "A 1", city = "Essen", state = "NW", zip_code = "45127", country_code = "DE" },
            contact = new { email = "owner@example.com", phone_number = "+4920112345" },
        })))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id");
        return new FamilyObjects(document, attached, action, loa);
    }

    /// <summary>
    /// Telnyx purchases from Berlin and Chicago stock (not Essen's area code 201, which the pending CM.com request waits
    /// for): everything settled before the intruder comes, so the background workers have nothing left to change.
    /// </summary>
    private static async Task<Ordering> BuyAsync(TestAccount owner, HttpClient op)
    {
        await (await op.PostAsync("/admin/v1/stock", Json.Body("""{"start_at": "+493012345000", "end_at": "+493012345999", "number_type": "local"}""")))
            .ExpectAsync(HttpStatusCode.Created);
        await (await op.PostAsync("/admin/v1/stock", Json.Body("""{"start_at": "+13122345000", "end_at": "+13122345999", "number_type": "local", "region": "IL"}""")))
            .ExpectAsync(HttpStatusCode.Created);
        async Task<JsonElement> Post(string path, string body) => await (await owner.Client.PostAsync(path, Json.Body(body))).ExpectAsync(HttpStatusCode.OK);
        var blockOrder = (await Post("/v2/number_block_orders", """{"starting_number": "+493012345100", "range": 100}""")).GetProperty("data").Str("id");
        var numberOrder = (await Post("/v2/number_orders", """{"phone_numbers": [{"phone_number": "+493012345001", "requirement_group_id": "g"}]}""")).GetProperty("data").Str("id");
        var reservation = (await Post("/v2/number_reservations", """{"phone_numbers": [{"phone_number": "+493012345002"}]}""")).GetProperty("data").Str("id");
        var inexplicit = (await Post("/v2/inexplicit_number_orders",
            """{"ordering_groups": [{"country_iso": "US", "count_requested": "2", "phone_number_type": "local", "national_destination_code": "312"}]}""")).GetProperty("data").Str("id");
        var advanced = (await Post("/v2/advanced_orders", """{"area_code": "312", "quantity": 2}""")).Str("id");
        foreach (var path in new[] { $"/v2/number_block_orders/{blockOrder}", $"/v2/number_orders/{numberOrder}" })
            Assert.True(await Eventually.TrueAsync(async () =>
                (await (await owner.Client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("status") == "success", TimeSpan.FromSeconds(20)), path);
        return new Ordering(blockOrder, numberOrder, reservation, inexplicit, advanced);
    }

    private static async Task CarrierAsync(HttpClient op, string orderId, object body) =>
        await (await op.PostAsync($"/admin/v1/porting_orders/{orderId}/status", Json.Body(JsonSerializer.Serialize(body)))).ExpectAsync(HttpStatusCode.OK);

    private static async Task<string> PublishAsync(HttpClient op, string start, string end)
    {
        var response = await op.PostAsync("/admin/v1/numberblocks", Json.Body(JsonSerializer.Serialize(new
        {
            start_at = start, end_at = end, number_type = "local", area_code = "2", sms = false, voice = true,
        })));
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("NumberBlockSid");
    }

    /// <summary>SHA-256 over every row of every table, in rowid order: equal exactly when nothing was written.</summary>
    private string Snapshot()
    {
        using var connection = new SqliteConnection(_service.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            hash.AppendData(Encoding.UTF8.GetBytes("\n" + table));
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes("|" + (reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
