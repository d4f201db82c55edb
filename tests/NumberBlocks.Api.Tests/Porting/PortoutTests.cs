using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Workers;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// Port-outs: the rules that refuse a request at once (one account, whole blocks of seed 001, the PIN), the account's
/// decision, the FOC completion through the ledger, and the account-side reads, on both databases.
/// </summary>
public abstract class PortoutTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public virtual async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        Service.ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
        _ = Service.Server;
    }

    public virtual async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // Seed 001, Example 2: +4920123456000-099, active 000-064 and 087.
    private const string Example2Block = """
        {"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
         "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"},
                               {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}
        """;

    private static string Number(int suffix) => "+4920123456" + suffix.ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] WholeBlock = Enumerable.Range(0, 100).Select(Number).ToArray();

    /// <summary>Ports a porting order in for the account: confirm, then the carrier's steps to ported.</summary>
    private async Task<string> PortInAsync(HttpClient client, HttpClient op, string body)
    {
        var order = (await (await client.PostAsync("/v2/porting_orders", Json.Body(body))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var id = order.Str("id");
        await (await client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        foreach (var step in new object[] { new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-11-24T08:00:00Z" }, new { status = "ported" } })
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", step)).ExpectAsync(HttpStatusCode.OK);
        }
        return id;
    }

    private Task<string> PortInExample2Async(HttpClient client, HttpClient op) => PortInAsync(client, op, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");

    private static object Request(IEnumerable<string> numbers, string? pin = null, string foc = "2026-12-01T08:00:00Z") => new
    {
        phone_numbers = numbers.ToArray(),
        carrier_name = "Other Carrier GmbH",
        spid = "D123",
        requested_foc_date = foc,
        end_user_name = "Acme GmbH",
        service_address = "Hauptstr. 1, 45127 Essen",
        pin,
    };

    private static async Task<JsonElement> RecordAsync(HttpClient op, object request) =>
        (await (await op.PostAsJsonAsync("/admin/v1/portouts", request)).ExpectAsync(HttpStatusCode.Created)).GetProperty("data");

    private static async Task<int> TotalAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt32();

    private Task<int> CompleteDueAsync() => Service.Services.GetRequiredService<PortoutWork>().CompleteDuePortoutsAsync(CancellationToken.None);

    [Fact]
    public async Task WholeBlock_AuthorizedThenFocDatePasses_LeavesWithItsActivationRangesAndTheClaimEndsAtTheFocDate()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var order = await PortInExample2Async(account.Client, op);
        Assert.Equal(100, await TotalAsync(account.Client, "/v2/phone_numbers"));

        var portout = await RecordAsync(op, Request(WholeBlock));
        Assert.Equal("pending", portout.Str("status"));
        Assert.Equal(account.Id.ToString(), portout.Str("user_id"));
        Assert.Equal(100, portout.GetProperty("phone_numbers").GetArrayLength());
        var block = Assert.Single(portout.GetProperty("phone_number_blocks").EnumerateArray().ToList());
        Assert.Equal(Number(0), block.GetProperty("phone_number_range").Str("start_at"));
        Assert.Equal(Number(99), block.GetProperty("phone_number_range").Str("end_at"));
        Assert.Equal(new[] { (Number(0), Number(64)), (Number(87), Number(87)) },
            block.GetProperty("activation_ranges").EnumerateArray().Select(r => (r.Str("start_at"), r.Str("end_at"))).ToArray());
        var id = portout.Str("id");
        var blockId = block.Str("id");
        var ported = (await (await account.Client.GetAsync($"/v2/phone_numbers?filter[block_reference_id]={blockId}")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal(100, ported.GetProperty("meta").GetProperty("total_results").GetInt32());

        // The account reads and authorizes it (a minute later: events of one instant have no order); before the FOC date nothing leaves.
        Clock.Advance(TimeSpan.FromMinutes(1));
        var listed = await (await account.Client.GetAsync("/v2/portouts?filter[status]=pending")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(listed.GetProperty("data").EnumerateArray().ToList()).Str("id"));
        var authorized = await (await account.Client.PatchAsync($"/v2/portouts/{id}/authorized", Json.Body("""{"reason": ""}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("authorized", authorized.GetProperty("data").Str("status"));
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 59, 0, TimeSpan.Zero));
        await CompleteDueAsync();
        Assert.Equal(100, await TotalAsync(account.Client, "/v2/phone_numbers"));
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts?filter[status]=authorized"));

        // The worker runs two hours after the FOC date: the claim ends at the FOC date itself.
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        // (The hosted worker polls the same clock and may complete it first; either way it completes once.)
        await CompleteDueAsync();
        Assert.Equal(0, await CompleteDueAsync());
        var done = (await (await account.Client.GetAsync($"/v2/portouts/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("ported", done.Str("status"));
        Assert.True(done.GetProperty("already_ported").GetBoolean());
        Assert.Equal(0, await TotalAsync(account.Client, "/v2/phone_numbers"));
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts?filter[ported_out_at][gte]=2026-12-01T08:00:00Z&filter[ported_out_at][lte]=2026-12-01T08:00:00Z"));

        // The ledger: nobody holds the block; its history keeps the account until the FOC date, ended ported_out.
        var (live, history) = await Service.WithDbAsync(async db => (await db.LedgerClaims.CountAsync(), await HistoryAsync(db, 4920123456000)));
        Assert.Equal(0, live);
        var last = history[^1];
        Assert.Equal(("account", account.Id.ToString(), "ported_out"), (last.Kind, last.HolderId, last.Reason));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), last.To);

        // Activation stops: the port-in's numbers are "Old" and activate no more.
        var porting = await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={order}&page[size]=250")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(porting.GetProperty("data").EnumerateArray(), n => Assert.Equal("Old", n.Str("activation_status")));

        // Every status change is an event of the account, newest first.
        var events = await (await account.Client.GetAsync($"/v2/portouts/events?filter[portout_id]={id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "ported", "authorized", "pending" },
            events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("payload").Str("status")).ToArray());
    }

    /// <summary>One number's ledger history, oldest first: (kind, holder, from, to, reason).</summary>
    private static async Task<List<(string Kind, string HolderId, DateTimeOffset? To, string? Reason)>> HistoryAsync(NumberBlocksDbContext db, long number)
    {
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Command("SELECT holder_kind, holder_id, held_to, end_reason FROM ledger_claim_history WHERE range_start <= @n AND range_end >= @n ORDER BY held_from, id")
            .With(db, "@n", number);
        var rows = new List<(string, string, DateTimeOffset?, string?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            DateTimeOffset? to = reader.IsDBNull(2) ? null
                : db.IsSqlite ? new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(2);
            rows.Add((reader.GetString(0), reader.GetValue(1).ToString()!, to, reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return rows;
    }

    [Fact]
    public async Task PartOfABlock_IsRejectedAtOnceWithItsOwnCode_AndNothingLeaves()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await PortInExample2Async(account.Client, op);

        var portout = await RecordAsync(op, Request(WholeBlock.Take(10)));
        Assert.Equal("rejected", portout.Str("status"));
        Assert.Equal(1003, portout.GetProperty("rejection_code").GetInt32());
        Assert.Contains("block", portout.Str("reason"));
        Assert.Equal(0, portout.GetProperty("phone_number_blocks").GetArrayLength());
        // A carrier cannot complete a rejected request.
        await (await op.PostAsJsonAsync($"/admin/v1/portouts/{portout.Str("id")}/status", new { status = "ported" }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status");
        // The account sees it, and the numbers are still its own.
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts?filter[status]=rejected"));
        Assert.Equal(100, await TotalAsync(account.Client, "/v2/phone_numbers"));
        // A rejected request holds no number: the whole block can be requested next.
        Assert.Equal("pending", (await RecordAsync(op, Request(WholeBlock))).Str("status"));
        // ...and then its numbers are on an open port-out.
        await (await op.PostAsJsonAsync("/admin/v1/portouts", Request(WholeBlock))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers");
    }

    [Fact]
    public async Task Pin_WrongOrMissingIsRejectedWithItsCode_ANumbersOwnPinWinsOverTheAccounts()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await PortInAsync(account.Client, op, """{"phone_numbers": ["+4930244999950", "+4930244999951"]}""");
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/portout_pin", new { pin = "12" })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/pin");
        var set = await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/portout_pin", new { pin = "4711" })).ExpectAsync(HttpStatusCode.OK);
        Assert.False(set.GetRawText().Contains("4711", StringComparison.Ordinal));
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/portout_pin", new { pin = "9999", phone_number = "+4930244999951" })).ExpectAsync(HttpStatusCode.OK);
        // Only hashes are stored.
        var stored = await Service.WithDbAsync(db => db.PortoutPins.Select(p => p.PinHash).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, h => Assert.DoesNotContain("4711", h));

        var wrong = await RecordAsync(op, Request(["+4930244999950"], pin: "0000"));
        Assert.Equal(("rejected", 1001), (wrong.Str("status"), wrong.GetProperty("rejection_code").GetInt32()));
        var missing = await RecordAsync(op, Request(["+4930244999950"]));
        Assert.Equal(1001, missing.GetProperty("rejection_code").GetInt32());
        // +…951 has its own PIN: the account's does not open it.
        Assert.Equal(1001, (await RecordAsync(op, Request(["+4930244999951"], pin: "4711"))).GetProperty("rejection_code").GetInt32());
        var right = await RecordAsync(op, Request(["+4930244999950"], pin: "4711"));
        Assert.Equal("pending", right.Str("status"));
        Assert.False(right.TryGetProperty("rejection_code", out _));
        Assert.Equal("pending", (await RecordAsync(op, Request(["+4930244999951"], pin: "9999"))).Str("status"));
    }

    [Fact]
    public async Task NumbersOfTwoAccounts_AreRejected_AndNeitherAccountSeesTheRequest()
    {
        var a = await Service.NewAccountAsync("A");
        var b = await Service.NewAccountAsync("B");
        using var op = Service.Operator();
        await PortInAsync(a.Client, op, """{"phone_numbers": ["+4930244999960"]}""");
        await PortInAsync(b.Client, op, """{"phone_numbers": ["+4930244999961"]}""");

        var mixed = await RecordAsync(op, Request(["+4930244999960", "+4930244999961"]));
        Assert.Equal(("rejected", 1002), (mixed.Str("status"), mixed.GetProperty("rejection_code").GetInt32()));
        Assert.False(mixed.TryGetProperty("user_id", out _));
        var unheld = await RecordAsync(op, Request(["+4930244999969"]));
        Assert.Equal(1002, unheld.GetProperty("rejection_code").GetInt32());
        foreach (var client in new[] { a.Client, b.Client })
        {
            Assert.Equal(0, await TotalAsync(client, "/v2/portouts"));
            await (await client.GetAsync($"/v2/portouts/{mixed.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        // The operator lists them all.
        var all = await (await op.GetAsync("/admin/v1/portouts?filter[status]=rejected")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, all.GetProperty("meta").GetProperty("total_results").GetInt32());

        // Tenant isolation: A's port-out is unknown to B, which can neither read nor decide it.
        var own = await RecordAsync(op, Request(["+4930244999960"]));
        await (await b.Client.GetAsync($"/v2/portouts/{own.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.PatchAsync($"/v2/portouts/{own.Str("id")}/authorized", Json.Body("""{"reason": "x"}"""))).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.GetAsync($"/v2/portouts/{own.Str("id")}/comments")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.GetAsync($"/v2/portouts/rejections/{own.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await TotalAsync(a.Client, "/v2/portouts"));
    }

    [Fact]
    public async Task AccountRejection_NeedsAReason_AndFollowsTheTransitionTable()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await PortInAsync(account.Client, op, """{"phone_numbers": ["+4930244999970"]}""");
        var id = (await RecordAsync(op, Request(["+4930244999970"]))).Str("id");

        var codes = await (await account.Client.GetAsync($"/v2/portouts/rejections/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(codes.GetProperty("data").EnumerateArray(), c => c.GetProperty("code").GetInt32() == 2099 && c.GetProperty("reason_required").GetBoolean());
        var one = await (await account.Client.GetAsync($"/v2/portouts/rejections/{id}?filter[code]=2001")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2001, Assert.Single(one.GetProperty("data").EnumerateArray().ToList()).GetProperty("code").GetInt32());
        await (await account.Client.GetAsync($"/v2/portouts/rejections/{id}?filter[code]=x")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);

        await (await account.Client.PatchAsync($"/v2/portouts/{id}/rejected-pending", Json.Body("""{"reason": "  "}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/reason");
        await (await account.Client.PatchAsync($"/v2/portouts/{id}/ported", Json.Body("""{"reason": "x"}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        var rejected = await (await account.Client.PatchAsync($"/v2/portouts/{id}/rejected-pending",
            Json.Body("""{"reason": "I do not recognize this transaction"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("rejected-pending", "I do not recognize this transaction"), (rejected.GetProperty("data").Str("status"), rejected.GetProperty("data").Str("reason")));
        // Once rejected, the account cannot authorize it, and the carrier cannot port it; it can only withdraw.
        await (await account.Client.PatchAsync($"/v2/portouts/{id}/authorized", Json.Body("""{"reason": ""}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await op.PostAsJsonAsync($"/admin/v1/portouts/{id}/status", new { status = "ported" })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status");
        await (await op.PostAsJsonAsync($"/admin/v1/portouts/{id}/status", new { status = "authorized" })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status");
        var canceled = await (await op.PostAsJsonAsync($"/admin/v1/portouts/{id}/status", new { status = "canceled" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("canceled", canceled.GetProperty("data").Str("status"));
        Assert.Empty((await (await account.Client.GetAsync($"/v2/portouts/rejections/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/phone_numbers"));
    }

    [Fact]
    public async Task MainNumberWithExtensions_CarrierPortsIt_TheExtensionsLeaveWithIt()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var body = """{"phone_numbers": ["+4930244999950"]}""";
        var order = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body(body))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        var main = (await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[phone_number]=%2B4930244999950")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data")[0].Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{order}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{main}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 1, "end_at": 5}]}""")))
            .ExpectAsync(HttpStatusCode.Created);
        await (await account.Client.PostAsync($"/v2/porting_orders/{order}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        foreach (var step in new object[] { new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-11-24T08:00:00Z" }, new { status = "ported" } })
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{order}/status", step)).ExpectAsync(HttpStatusCode.OK);

        var id = (await RecordAsync(op, Request(["+4930244999950"]))).Str("id");
        // The carrier cannot complete what the account has not authorized.
        await (await op.PostAsJsonAsync($"/admin/v1/portouts/{id}/status", new { status = "ported" })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status");
        await (await account.Client.PatchAsync($"/v2/portouts/{id}/authorized", Json.Body("""{"reason": "", "host_messaging": true}"""))).ExpectAsync(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromHours(1));
        var ported = await (await op.PostAsJsonAsync($"/admin/v1/portouts/{id}/status", new { status = "ported" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ported", ported.GetProperty("data").Str("status"));
        Assert.True(ported.GetProperty("data").GetProperty("host_messaging").GetBoolean());
        Assert.Equal(0, await TotalAsync(account.Client, "/v2/phone_numbers"));
        var extensions = await Service.WithDbAsync(db => db.PortingExtensions.Select(e => e.ActivationRangesJson).ToListAsync());
        Assert.Equal("[]", Assert.Single(extensions));
    }

    [Fact]
    public async Task CommentsDocumentsEventsAndReports_AreTheAccountsAndGoOutAsSignedWebhooks()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/webhook_url", new { webhook_url = "https://hooks.example.com/portouts" })).ExpectAsync(HttpStatusCode.OK);
        await PortInAsync(account.Client, op, """{"phone_numbers": ["+4930244999980"]}""");
        var id = (await RecordAsync(op, Request(["+4930244999980"]))).Str("id");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var comment = await (await account.Client.PostAsync($"/v2/portouts/{id}/comments", Json.Body("""{"body": "Who is asking?"}"""))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(("Who is asking?", id, account.Id.ToString()), (comment.GetProperty("data").Str("body"), comment.GetProperty("data").Str("portout_id"),
            comment.GetProperty("data").Str("user_id")));
        await (await account.Client.PostAsync($"/v2/portouts/{id}/comments", Json.Body("""{"body": ""}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/body");
        var comments = await (await account.Client.GetAsync($"/v2/portouts/{id}/comments")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(comments.GetProperty("data").EnumerateArray());

        var docs = await (await account.Client.PostAsync($"/v2/portouts/{id}/supporting_documents",
            Json.Body("""{"documents": [{"document_id": "doc-1", "type": "loa"}, {"document_id": "doc-2", "type": "invoice"}]}"""))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, docs.GetProperty("data").GetArrayLength());
        await (await account.Client.PostAsync($"/v2/portouts/{id}/supporting_documents", Json.Body("""{"documents": [{"document_id": "d", "type": "passport"}]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/documents/0/type");
        var listedDocs = await (await account.Client.GetAsync($"/v2/portouts/{id}/supporting_documents")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "doc-1", "doc-2" }, listedDocs.GetProperty("data").EnumerateArray().Select(d => d.Str("document_id")).ToArray());

        // Events: the recording (status_changed) and the comment (new_comment), each queued as a webhook in the outbox.
        var events = (await (await account.Client.GetAsync("/v2/portouts/events")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(new[] { "portout.new_comment", "portout.status_changed" }, events.Select(e => e.Str("event_type")).ToArray());
        Assert.Equal("Who is asking?", events[0].GetProperty("payload").Str("comment"));
        var one = await (await account.Client.GetAsync($"/v2/portouts/events/{events[1].Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", one.GetProperty("data").GetProperty("payload").Str("status"));
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts/events?filter[event_type]=portout.new_comment"));
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync($"/v2/portouts/events/{events[1].Str("id")}/republish", null)).StatusCode);
        var webhooks = await Service.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccountId == account.Id && m.EventType.StartsWith("portout."))
            .Select(m => new { m.EventType, m.Destination }).ToListAsync());
        Assert.Equal(3, webhooks.Count);
        Assert.All(webhooks, w => Assert.Equal("https://hooks.example.com/portouts", w.Destination));

        // Reports: created pending, made by the worker as CSV.
        var report = await (await account.Client.PostAsync("/v2/portouts/reports",
            Json.Body("""{"report_type": "export_portouts_csv", "params": {"filters": {"status__in": ["pending"]}}}"""))).ExpectAsync(HttpStatusCode.Created);
        var reportId = report.GetProperty("data").Str("id");
        Assert.Equal("pending", report.GetProperty("data").Str("status"));
        await (await account.Client.PostAsync("/v2/portouts/reports", Json.Body("""{"report_type": "other", "params": {"filters": {}}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/report_type");
        // The worker may already have made it (a request wakes it); a pass makes whatever is still pending.
        await Service.Services.GetRequiredService<PortoutWork>().RunPendingReportsAsync(CancellationToken.None);
        var made = (await (await account.Client.GetAsync($"/v2/portouts/reports/{reportId}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("completed", made.Str("status"));
        Assert.NotNull(made.Str("document_id"));
        Assert.Equal(new[] { "pending" }, made.GetProperty("params").GetProperty("filters").GetProperty("status__in").EnumerateArray().Select(s => s.GetString()).ToArray());
        var csv = await Service.WithDbAsync(db => db.PortoutReports.Select(r => r.Csv).SingleAsync());
        Assert.Equal(2, csv!.Trim().Split('\n').Length);
        Assert.Contains(id, csv);
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts/reports?filter[status]=completed"));

        // Another account sees none of it.
        var other = await Service.NewAccountAsync("Other");
        Assert.Equal(0, await TotalAsync(other.Client, "/v2/portouts/events"));
        Assert.Equal(0, await TotalAsync(other.Client, "/v2/portouts/reports"));
        await (await other.Client.GetAsync($"/v2/portouts/reports/{reportId}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/v2/portouts/{id}/comments", Json.Body("""{"body": "hi"}"""))).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_TakesTheSdksFilters_AndRefusesUnknownOnes()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await PortInAsync(account.Client, op, """{"phone_numbers": ["+4930244999990", "+4930244999991"]}""");
        await RecordAsync(op, Request(["+4930244999990"], foc: "2026-12-05T08:00:00Z"));
        await RecordAsync(op, Request(["+4930244999991"], foc: "2026-12-06T08:00:00Z"));
        Assert.Equal(2, await TotalAsync(account.Client, "/v2/portouts?filter[carrier_name]=Other%20Carrier%20GmbH&filter[spid]=D123"));
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts?filter[phone_number]=%2B4930244999991"));
        Assert.Equal(1, await TotalAsync(account.Client, "/v2/portouts?filter[foc_date]=2026-12-05"));
        Assert.Equal(2, await TotalAsync(account.Client, "/v2/portouts?filter[status_in][]=pending&filter[status_in][]=authorized"));
        Assert.Equal(2, await TotalAsync(account.Client, "/v2/portouts?filter[country_code]=DE"));
        Assert.Equal(0, await TotalAsync(account.Client, "/v2/portouts?filter[country_code_in][]=US"));
        Assert.Equal(2, await TotalAsync(account.Client, "/v2/portouts?filter[inserted_at][gte]=2026-11-01T00:00:00Z"));
        var second = await (await account.Client.GetAsync("/v2/portouts?page[size]=1&page[number]=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((1, 2), (second.GetProperty("data").GetArrayLength(), second.GetProperty("meta").GetProperty("total_pages").GetInt32()));
        await (await account.Client.GetAsync("/v2/portouts?filter[colour]=red")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/v2/portouts?filter[foc_date]=tomorrow")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/v2/portouts?filter[status]=lost")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);

        // The operator's request is checked field by field.
        await (await op.PostAsJsonAsync("/admin/v1/portouts", new { phone_numbers = new[] { "49" } })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0");
        await (await op.PostAsJsonAsync("/admin/v1/portouts", Request([]))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers");
    }
}

public sealed class PortoutSqliteTests() : PortoutTests(TestDatabase.Sqlite);

public sealed class PortoutPostgresTests() : PortoutTests(TestDatabase.Postgres);
