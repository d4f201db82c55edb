using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Workers;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>Issue 6: a porting order from actions/confirm to ported or cancelled, its events, and the account's numbers.</summary>
public abstract class PortingCompletionTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;
    /// <summary>The service's clock: time moves only when a test advances it.</summary>
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public virtual async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        Service.ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
        _ = Service.Server; // start it
    }

    public virtual async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // Seed 001, Example 2: +4920123456000-099, active 000-064 and 087.
    private const string Example2Block = """
        {"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
         "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"},
                               {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}
        """;

    // Seed 001, Example 1's shape (a 1000 block, active 000-775), one thousand higher so that it can share an order with Example 2.
    private const string Example1Block = """
        {"phone_number_range": {"start_at": "+4920123457000", "end_at": "+4920123457999"},
         "activation_ranges": [{"start_at": "+4920123457000", "end_at": "+4920123457775"}]}
        """;

    private static async Task<JsonElement> CreateOrderAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/v2/porting_orders", Json.Body(body));
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
    }

    private static async Task<JsonElement> ConfirmAsync(HttpClient client, string orderId) =>
        (await (await client.PostAsync($"/v2/porting_orders/{orderId}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");

    private static Task<HttpResponseMessage> CarrierAsync(HttpClient op, string orderId, object body) =>
        op.PostAsJsonAsync($"/admin/v1/porting_orders/{orderId}/status", body);

    private static async Task<JsonElement> CarrierOkAsync(HttpClient op, string orderId, object body) =>
        (await (await CarrierAsync(op, orderId, body)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");

    /// <summary>The carrier's steps from in-process to ported, with the FOC date/time it confirms.</summary>
    /// Events of one instant have no order among themselves, so the clock moves a minute before each step.
    private async Task CarrierPortsAsync(HttpClient op, string orderId)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await CarrierOkAsync(op, orderId, new { status = "submitted" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await CarrierOkAsync(op, orderId, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-12-01T08:00:00Z" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await CarrierOkAsync(op, orderId, new { status = "ported" });
    }

    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        for (var page = 1; page <= 50; page++)
        {
            var sep = path.Contains('?') ? '&' : '?';
            var body = await (await client.GetAsync($"{path}{sep}page[size]=250&page[number]={page}")).ExpectAsync(HttpStatusCode.OK);
            items.AddRange(body.GetProperty("data").EnumerateArray());
            if (page >= body.GetProperty("meta").GetProperty("total_pages").GetInt32()) break;
        }
        return items;
    }

    private static async Task<int> TotalAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt32();

    private static string Number(long suffix, string prefix = "+4920123456") => prefix + suffix.ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PortToCompletion_Example2Block_Ends66ActiveAnd34Inactive()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var order = await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var id = order.Str("id");

        await ConfirmAsync(account.Client, id);
        await CarrierPortsAsync(op, id);

        var active = await AllPagesAsync(account.Client, "/v2/phone_numbers?filter[status]=active");
        var inactive = await AllPagesAsync(account.Client, "/v2/phone_numbers?filter[status]=inactive");
        var expectedActive = Enumerable.Range(0, 65).Select(i => Number(i)).Append(Number(87)).ToList();
        Assert.Equal(expectedActive, active.Select(n => n.Str("phone_number")).ToList());
        Assert.Equal(Enumerable.Range(65, 35).Where(i => i != 87).Select(i => Number(i)).ToList(), inactive.Select(n => n.Str("phone_number")).ToList());
        Assert.All(active, n => Assert.Equal("Active", n.Str("activation_status")));
        Assert.All(inactive, n => Assert.Equal("Activate RDY", n.Str("activation_status")));
        Assert.All(active.Concat(inactive), n => Assert.Equal("phone_number", n.Str("record_type")));

        // The porting phone numbers follow: porting_order_status ported, activation_status per activation ranges.
        var porting = await AllPagesAsync(account.Client, $"/v2/porting_phone_numbers?filter[porting_order_id]={id}");
        Assert.Equal(100, porting.Count);
        Assert.All(porting, n => Assert.Equal("ported", n.Str("porting_order_status")));
        Assert.Equal(66, porting.Count(n => n.Str("activation_status") == "Active"));
        Assert.Equal(34, porting.Count(n => n.Str("activation_status") == "Activate RDY"));

        // The ledger: the account holds the block now, not the order.
        var holders = await Service.WithDbAsync(db => Task.FromResult(db.LedgerClaims.Select(c => new { c.HolderKind, c.HolderId, c.RangeStart, c.RangeEnd }).ToList()));
        var claim = Assert.Single(holders);
        Assert.Equal(("account", account.Id, 4920123456000L, 4920123456099L), (claim.HolderKind, claim.HolderId, claim.RangeStart, claim.RangeEnd));

        // Every status change is an event, newest first.
        var events = await AllPagesAsync(account.Client, $"/v2/porting/events?filter[porting_order_id]={id}");
        Assert.Equal(new[] { "ported", "foc-date-confirmed", "submitted", "in-process" },
            events.Select(e => e.GetProperty("payload").GetProperty("status").Str("value")).ToArray());
        Assert.All(events, e => Assert.Equal("porting_order.status_changed", e.Str("event_type")));
        Assert.All(events, e => Assert.Equal(id, e.Str("porting_order_id")));
    }

    [Fact]
    public async Task PortToCompletion_Example1AndExample2BlocksAndAnExtension_ActivatesExactlyTheActivationRanges()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var order = await CreateOrderAsync(account.Client,
            $$"""{"phone_numbers": ["+4930244999950"], "phone_number_blocks": [{{Example1Block}}, {{Example2Block}}]}""");
        var id = order.Str("id");
        Assert.Equal(1101, order.GetProperty("porting_phone_numbers_count").GetInt32());
        var mainNumber = (await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[phone_number]=%2B4930244999950")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data")[0].Str("id");
        // Seed 002: extensions 1-10 on the single number, active 1-5 and 9.
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{mainNumber}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 1, "end_at": 5}, {"start_at": 9, "end_at": 9}]}""")))
            .ExpectAsync(HttpStatusCode.Created);

        await ConfirmAsync(account.Client, id);
        // Still editable while in-process (seed 001): a customer reference is added.
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"customer_reference": "block-port"}"""))).ExpectAsync(HttpStatusCode.OK);
        await CarrierPortsAsync(op, id);

        var active = (await AllPagesAsync(account.Client, "/v2/phone_numbers?filter[status]=active")).Select(n => n.Str("phone_number")).ToHashSet();
        var inactive = (await AllPagesAsync(account.Client, "/v2/phone_numbers?filter[status]=inactive")).Select(n => n.Str("phone_number")).ToHashSet();
        var expectedActive = Enumerable.Range(0, 776).Select(i => Number(i, "+4920123457"))
            .Concat(Enumerable.Range(0, 65).Select(i => Number(i))).Append(Number(87)).Append("+4930244999950").ToHashSet();
        var expectedInactive = Enumerable.Range(776, 224).Select(i => Number(i, "+4920123457"))
            .Concat(Enumerable.Range(65, 35).Where(i => i != 87).Select(i => Number(i))).ToHashSet();
        Assert.Equal(843, active.Count);
        Assert.Equal(258, inactive.Count);
        Assert.True(expectedActive.SetEquals(active));
        Assert.True(expectedInactive.SetEquals(inactive));

        var main = (await (await account.Client.GetAsync("/v2/phone_numbers?filter[phone_number]=%2B4930244999950")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal("block-port", main.Str("customer_reference"));
        var extension = main.GetProperty("extensions")[0];
        Assert.Equal("""[{"start_at":1,"end_at":5},{"start_at":9,"end_at":9}]""", extension.GetProperty("active_ranges").GetRawText());
        Assert.Equal("""[{"start_at":6,"end_at":8},{"start_at":10,"end_at":10}]""", extension.GetProperty("inactive_ranges").GetRawText());
        Assert.Equal(6, extension.GetProperty("active_count").GetInt32());
        Assert.Equal(4, extension.GetProperty("inactive_count").GetInt32());

        // Later, extensions 6-8 are activated on request; 10 stays inactive.
        var path = $"/v2/phone_numbers/{main.Str("id")}/actions/activate";
        var later = await (await account.Client.PostAsync(path, Json.Body("""{"extension_range": {"start_at": 6, "end_at": 8}}"""))).ExpectAsync(HttpStatusCode.OK);
        var after = later.GetProperty("data").GetProperty("extensions")[0];
        Assert.Equal("""[{"start_at":1,"end_at":9}]""", after.GetProperty("active_ranges").GetRawText());
        Assert.Equal("""[{"start_at":10,"end_at":10}]""", after.GetProperty("inactive_ranges").GetRawText());
        await (await account.Client.PostAsync(path, Json.Body("""{"extension_range": {"start_at": 2, "end_at": 3}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/extension_range", "phone_number.already_active");
        await (await account.Client.PostAsync(path, Json.Body("""{"extension_range": {"start_at": 10, "end_at": 11}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/extension_range/start_at");
        await (await account.Client.PostAsync(path, Json.Body("""{"extension_range": {"start_at": 10}}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/extension_range/end_at");
        await (await account.Client.PostAsync(path, Json.Body("""{"extension_range": [""")))
            .ExpectErrorAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>The table as issue 6 and docs/architecture.md state it; anything not listed must be refused.</summary>
    private static readonly Dictionary<string, string[]> Legal = new()
    {
        ["draft"] = ["in-process"],
        ["in-process"] = ["submitted", "exception", "cancel-pending"],
        ["submitted"] = ["exception", "foc-date-confirmed", "cancel-pending"],
        ["exception"] = ["in-process", "submitted", "cancel-pending"],
        ["foc-date-confirmed"] = ["ported", "exception", "cancel-pending"],
        ["cancel-pending"] = ["cancelled"],
        ["ported"] = [],
        ["cancelled"] = [],
    };

    private static object StepBody(string status) => status switch
    {
        "exception" => new { status, details = new[] { new { code = "ENTITY_NAME_MISMATCH", description = "Entity name does not match the CSR; update end_user.admin.entity_name." } } },
        "foc-date-confirmed" => new { status, foc_datetime_actual = "2026-12-01T08:00:00Z" },
        _ => (object)new { status },
    };

    [Fact]
    public async Task CarrierSteps_EveryIllegalTransition_Is422AndChangesNothing()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var paths = new Dictionary<string, string[]>
        {
            ["draft"] = [],
            ["in-process"] = ["in-process"],
            ["submitted"] = ["in-process", "submitted"],
            ["exception"] = ["in-process", "exception"],
            ["foc-date-confirmed"] = ["in-process", "submitted", "foc-date-confirmed"],
            ["ported"] = ["in-process", "submitted", "foc-date-confirmed", "ported"],
            ["cancel-pending"] = ["in-process", "cancel-pending"],
            ["cancelled"] = ["in-process", "cancel-pending", "cancelled"],
        };
        var n = 0;
        foreach (var (from, path) in paths)
        {
            var order = await CreateOrderAsync(account.Client, JsonSerializer.Serialize(new { phone_numbers = new[] { $"+49302449998{n++:00}" } }));
            var id = order.Str("id");
            foreach (var step in path)
                if (step == "in-process") await ConfirmAsync(account.Client, id);
                else await CarrierOkAsync(op, id, StepBody(step));

            foreach (var target in Legal.Keys.Where(t => !Legal[from].Contains(t)))
            {
                var refused = await CarrierAsync(op, id, StepBody(target));
                await refused.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status", "status.illegal_transition");
            }
            var after = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(from, after.GetProperty("data").GetProperty("status").Str("value"));
            // Events: exactly one per legal step taken, none for the refusals.
            Assert.Equal(path.Length, await TotalAsync(account.Client, $"/v2/porting/events?filter[porting_order_id]={id}"));
        }
    }

    [Theory]
    [InlineData("""{"status": "exception"}""", "/details")]
    [InlineData("""{"status": "exception", "details": [{"code": "FOC_REJECTED"}]}""", "/details/0/description")]
    [InlineData("""{"status": "exception", "details": [{"code": "NOT_A_CODE", "description": "x"}]}""", "/details/0/code")]
    [InlineData("""{"status": "foc-date-confirmed"}""", "/foc_datetime_actual")]
    [InlineData("""{"status": "foc-date-confirmed", "foc_datetime_actual": "next tuesday"}""", "/foc_datetime_actual")]
    [InlineData("""{"status": "submitted", "foc_datetime_actual": "2026-12-01T08:00:00Z"}""", "/foc_datetime_actual")]
    [InlineData("""{"status": "submitted", "details": [{"code": "OTHER", "description": "x"}]}""", "/details")]
    [InlineData("""{"status": "done"}""", "/status")]
    [InlineData("""{"status": 5}""", "/status")]
    [InlineData("""{}""", "/status")]
    public async Task CarrierStep_IncompleteReport_Is422NamingTheField(string body, string pointer)
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var order = await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999901"]}""");
        await ConfirmAsync(account.Client, order.Str("id"));
        var response = await op.PostAsync($"/admin/v1/porting_orders/{order.Str("id")}/status", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    [Fact]
    public async Task CarrierException_ShowsCodesToTheCustomer_AndLeavingItClearsThem()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var id = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999902"]}""")).Str("id");
        await ConfirmAsync(account.Client, id);
        await CarrierOkAsync(op, id, StepBody("exception"));

        var order = (await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        var detail = Assert.Single(order.GetProperty("status").GetProperty("details").EnumerateArray());
        Assert.Equal("ENTITY_NAME_MISMATCH", detail.Str("code"));
        Assert.Contains("entity_name", detail.Str("description"));
        var number = (await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal("exception", number.Str("porting_order_status"));

        // The customer fixes the order while in exception; the carrier resubmits.
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"end_user": {"admin": {"entity_name": "Porter McPortersen"}}}"""))).ExpectAsync(HttpStatusCode.OK);
        var resubmitted = await CarrierOkAsync(op, id, new { status = "submitted" });
        Assert.Equal(0, resubmitted.GetProperty("status").GetProperty("details").GetArrayLength());
        // Submitted orders are not editable (seed 001: draft, in-process or exception).
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"customer_reference": "late"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "order.not_editable");

        var events = await AllPagesAsync(account.Client, $"/v2/porting/events?filter[porting_order_id]={id}&filter[type]=porting_order.status_changed");
        var exceptionEvent = events.Single(e => e.GetProperty("payload").GetProperty("status").Str("value") == "exception");
        Assert.Equal("ENTITY_NAME_MISMATCH", exceptionEvent.GetProperty("payload").GetProperty("status").GetProperty("details")[0].Str("code"));
    }

    [Fact]
    public async Task Cancel_Within48HoursOfConfirmedFoc_IsRefused_EarlierItIsAllowed()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var now = Clock.GetUtcNow();
        var ids = new List<string>();
        foreach (var (number, focIn) in new[] { ("+4930244999910", TimeSpan.FromHours(47)), ("+4930244999911", TimeSpan.FromHours(49)) })
        {
            var id = (await CreateOrderAsync(account.Client, JsonSerializer.Serialize(new { phone_numbers = new[] { number } }))).Str("id");
            await ConfirmAsync(account.Client, id);
            await CarrierOkAsync(op, id, new { status = "submitted" });
            await CarrierOkAsync(op, id, new { status = "foc-date-confirmed", foc_datetime_actual = (now + focIn).ToString("O") });
            ids.Add(id);
        }

        await (await account.Client.PostAsync($"/v2/porting_orders/{ids[0]}/actions/cancel", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status/value", "order.cancel_too_late");
        // 49 hours away: still allowed now, refused once an hour and a minute have passed.
        Clock.Advance(TimeSpan.FromMinutes(61));
        await (await account.Client.PostAsync($"/v2/porting_orders/{ids[1]}/actions/cancel", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status/value", "order.cancel_too_late");

        var third = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999912"]}""")).Str("id");
        await ConfirmAsync(account.Client, third);
        await CarrierOkAsync(op, third, new { status = "submitted" });
        await CarrierOkAsync(op, third, new { status = "foc-date-confirmed", foc_datetime_actual = (Clock.GetUtcNow() + TimeSpan.FromHours(49)).ToString("O") });
        var pending = await (await account.Client.PostAsync($"/v2/porting_orders/{third}/actions/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancel-pending", pending.GetProperty("data").GetProperty("status").Str("value"));

        var stillConfirmed = await (await account.Client.GetAsync($"/v2/porting_orders/{ids[0]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("foc-date-confirmed", stillConfirmed.GetProperty("data").GetProperty("status").Str("value"));
    }

    [Fact]
    public async Task Cancelled_ReleasesTheClaims_TheNumbersCanGoOnAnotherAccountsOrder()
    {
        var first = await Service.NewAccountAsync("first");
        var second = await Service.NewAccountAsync("second");
        using var op = Service.Operator();
        var id = (await CreateOrderAsync(first.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""")).Str("id");
        await ConfirmAsync(first.Client, id);
        await CarrierOkAsync(op, id, new { status = "submitted" });

        // While cancel-pending the numbers stay claimed.
        await (await first.Client.PostAsync($"/v2/porting_orders/{id}/actions/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        await (await second.Client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_number_blocks": [{{Example2Block}}]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_blocks/0/phone_number_range/start_at", "ledger.number_held");

        await CarrierOkAsync(op, id, new { status = "cancelled" });
        var numbers = await AllPagesAsync(first.Client, $"/v2/porting_phone_numbers?filter[porting_order_id]={id}");
        Assert.All(numbers, n => Assert.Equal("Cancelled", n.Str("activation_status")));
        Assert.All(numbers, n => Assert.Equal("cancelled", n.Str("porting_order_status")));
        Assert.Equal(0, await TotalAsync(first.Client, "/v2/phone_numbers"));
        Assert.Equal(0, await Service.WithDbAsync(db => Task.FromResult(db.LedgerClaims.Count())));

        var taken = await CreateOrderAsync(second.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        Assert.Equal(100, taken.GetProperty("porting_phone_numbers_count").GetInt32());
    }

    [Fact]
    public async Task AccountNumbers_InactiveNumberActivatedLater_OthersUntouched()
    {
        var account = await Service.NewAccountAsync();
        var intruder = await Service.NewAccountAsync("intruder");
        using var op = Service.Operator();
        var id = (await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""")).Str("id");
        await ConfirmAsync(account.Client, id);
        // Before completion nothing is the account's yet.
        Assert.Equal(0, await TotalAsync(account.Client, "/v2/phone_numbers"));
        await CarrierPortsAsync(op, id);

        var target = (await (await account.Client.GetAsync("/v2/phone_numbers?filter[phone_number]=%2B4920123456070")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal("inactive", target.Str("status"));
        Clock.Advance(TimeSpan.FromHours(2));
        var numberId = target.Str("id");
        await (await intruder.Client.PostAsync($"/v2/phone_numbers/{numberId}/actions/activate", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.GetAsync($"/v2/phone_numbers/{numberId}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var activated = (await (await account.Client.PostAsync($"/v2/phone_numbers/{numberId}/actions/activate", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("active", activated.Str("status"));
        Assert.Equal("Active", activated.Str("activation_status"));
        // Its updated_at is the activation's, two hours after the port; another number's is not.
        Assert.Equal(DateTimeOffset.Parse(target.Str("updated_at"), System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromHours(2),
            DateTimeOffset.Parse(activated.Str("updated_at"), System.Globalization.CultureInfo.InvariantCulture));
        var other = (await (await account.Client.GetAsync("/v2/phone_numbers?filter[phone_number]=%2B4920123456071")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal(target.Str("updated_at"), other.Str("updated_at"));
        await (await account.Client.PostAsync($"/v2/phone_numbers/{numberId}/actions/activate", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "phone_number.already_active");
        await (await account.Client.PostAsync("/v2/phone_numbers/not-a-uuid/actions/activate", null)).ExpectErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(67, await TotalAsync(account.Client, "/v2/phone_numbers?filter[status]=active"));
        Assert.Equal(33, await TotalAsync(account.Client, "/v2/phone_numbers?filter[status]=inactive"));
        Assert.Equal(100, await TotalAsync(account.Client, "/v2/phone_numbers"));
        Assert.Equal(0, await TotalAsync(intruder.Client, "/v2/phone_numbers"));
        var porting = (await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[phone_number]=%2B4920123456070")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal("Active", porting.Str("activation_status"));

        await (await account.Client.GetAsync("/v2/phone_numbers?filter[status]=sleeping")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[status]");
        await (await account.Client.GetAsync("/v2/phone_numbers?filter[phone_number]=123")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[phone_number]");
    }

    private async Task<string> UsOrderWithConfirmedFocAsync(TestAccount account, HttpClient op, string number, DateTimeOffset foc)
    {
        var id = (await CreateOrderAsync(account.Client, JsonSerializer.Serialize(new { phone_numbers = new[] { number } }))).Str("id");
        var confirmed = await ConfirmAsync(account.Client, id);
        Assert.True(confirmed.GetProperty("activation_settings").GetProperty("fast_port_eligible").GetBoolean());
        await CarrierOkAsync(op, id, new { status = "submitted" });
        await CarrierOkAsync(op, id, new { status = "foc-date-confirmed", foc_datetime_actual = foc.ToString("O") });
        return id;
    }

    /// <summary>Runs a worker pass, then waits (bounded) until the job is final: the hosted worker may have taken it first.</summary>
    private async Task<JsonElement> RunJobAsync(HttpClient client, string orderId, string jobId)
    {
        await Service.Services.GetRequiredService<PortingWork>().RunDueActivationJobsAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; i < 200; i++)
        {
            var job = (await (await client.GetAsync($"/v2/porting_orders/{orderId}/activation_jobs/{jobId}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
            if (job.Str("status") is "completed" or "failed" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50);
        }
        throw new TimeoutException("The activation job did not finish.");
    }

    [Fact]
    public async Task ActivateAction_UsFastPortOrder_JobWaitsForTheFocThenCompletesThePort()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var id = await UsOrderWithConfirmedFocAsync(account, op, "+13035550001", Clock.GetUtcNow().AddHours(1));

        var job = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/activate", null)).ExpectAsync(HttpStatusCode.Accepted)).GetProperty("data");
        Assert.Equal("porting_activation_job", job.Str("record_type"));
        Assert.Equal("created", job.Str("status"));
        Assert.Equal("scheduled", job.Str("activation_type"));
        var jobId = job.Str("id");
        // One open job per order.
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/activate", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "activation_job.already_open");
        // Rescheduling must stay inside the activation window.
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}/activation_jobs/{jobId}", Json.Body("""{"activate_at": "2020-01-01T00:00:00Z"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activate_at");
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}/activation_jobs/{jobId}", Json.Body("""{"activate_at": 5}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activate_at");
        var moved = Clock.GetUtcNow().AddHours(2);
        var rescheduled = await (await account.Client.PatchAsync($"/v2/porting_orders/{id}/activation_jobs/{jobId}",
            Json.Body(JsonSerializer.Serialize(new { activate_at = moved.ToString("O") })))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(moved.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), rescheduled.GetProperty("data").Str("activate_at"));

        // Not due yet: nothing happens.
        Assert.Equal(0, await Service.Services.GetRequiredService<PortingWork>().RunDueActivationJobsAsync(CancellationToken.None));
        Clock.Advance(TimeSpan.FromHours(2));
        var done = await RunJobAsync(account.Client, id, jobId);
        Assert.Equal("completed", done.Str("status"));

        var order = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ported", order.GetProperty("data").GetProperty("status").Str("value"));
        var number = (await (await account.Client.GetAsync("/v2/phone_numbers")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal(("+13035550001", "active"), (number.Str("phone_number"), number.Str("status")));
        Assert.Equal(1, await TotalAsync(account.Client, $"/v2/porting_orders/{id}/activation_jobs"));
    }

    [Fact]
    public async Task ActivationJob_ManyRunnersAtOnce_PortCompletesExactlyOnce()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var id = await UsOrderWithConfirmedFocAsync(account, op, "+13035550009", Clock.GetUtcNow().AddMinutes(-5));
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/activate", null)).ExpectAsync(HttpStatusCode.Accepted);

        // Eight runners (as eight service processes would) take the same due job at once.
        var work = Service.Services.GetRequiredService<PortingWork>();
        var finished = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => work.RunDueActivationJobsAsync(CancellationToken.None))));

        Assert.True(finished.Sum() <= 1, $"the job was finished {finished.Sum()} times");
        var order = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ported", order.GetProperty("data").GetProperty("status").Str("value"));
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocks.Data.NumberBlocksDbContext>();
        var orderId = Guid.Parse(id);
        var portedEvents = db.PortingEvents.Where(e => e.PortingOrderId == orderId).AsEnumerable()
            .Count(e => e.PayloadJson.Contains("\"ported\"", StringComparison.Ordinal));
        var jobs = db.PortingActivationJobs.Where(j => j.PortingOrderId == orderId).Select(j => j.Status).ToList();
        Assert.Equal([NumberBlocks.Domain.Porting.ActivationJobStatus.Completed], jobs);
        Assert.Equal(1, portedEvents);
    }

    [Fact]
    public async Task ActivateAction_OrderLeftFocConfirmedFirst_JobFailsSayingWhy()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var id = await UsOrderWithConfirmedFocAsync(account, op, "+13035550002", Clock.GetUtcNow().AddMinutes(-5));
        var job = (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/activate", null)).ExpectAsync(HttpStatusCode.Accepted)).GetProperty("data");
        Assert.Equal("on-demand", job.Str("activation_type"));
        // The job is taken by the worker only when its clock ticks; the carrier reports an exception first.
        await CarrierOkAsync(op, id, StepBody("exception"));
        var done = await RunJobAsync(account.Client, id, job.Str("id"));
        Assert.Equal("failed", done.Str("status"));
        Assert.Contains("exception", done.Str("failure_reason"));
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}/activation_jobs/{job.Str("id")}",
            Json.Body(JsonSerializer.Serialize(new { activate_at = Clock.GetUtcNow().ToString("O") }))))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/activate_at", "activation_job.not_editable");
    }

    [Fact]
    public async Task ActivateAction_NotAllowed_Is422()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        // A German order is not FastPort: the carrier completes it.
        var de = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999920"]}""")).Str("id");
        await ConfirmAsync(account.Client, de);
        await (await account.Client.PostAsync($"/v2/porting_orders/{de}/actions/activate", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "order.activation_not_allowed");
        // A US order before its FOC date is confirmed.
        var us = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+13035550003"]}""")).Str("id");
        await ConfirmAsync(account.Client, us);
        await (await account.Client.PostAsync($"/v2/porting_orders/{us}/actions/activate", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status/value", "order.activation_not_allowed");
        // A US order whose activation window has closed.
        var late = await UsOrderWithConfirmedFocAsync(account, op, "+13035550004", Clock.GetUtcNow().AddHours(-25));
        await (await account.Client.PostAsync($"/v2/porting_orders/{late}/actions/activate", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "order.activation_not_allowed");
        await (await account.Client.GetAsync($"/v2/porting_orders/{late}/activation_jobs/{Guid.NewGuid()}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(account.Client, $"/v2/porting_orders/{late}/activation_jobs"));
    }

    [Fact]
    public async Task DraftCleanup_After30Days_RemovesUnconfirmedDraftsAndReleasesTheirNumbers()
    {
        var account = await Service.NewAccountAsync();
        var work = Service.Services.GetRequiredService<PortingWork>();
        var draft = (await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""")).Str("id");
        var confirmed = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999930"]}""")).Str("id");
        await ConfirmAsync(account.Client, confirmed);
        Clock.Advance(TimeSpan.FromDays(1));
        var younger = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999931"]}""")).Str("id");

        Clock.Advance(TimeSpan.FromDays(29) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await work.RemoveExpiredDraftsAsync(CancellationToken.None));
        await (await account.Client.GetAsync($"/v2/porting_orders/{draft}")).ExpectAsync(HttpStatusCode.OK);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await work.RemoveExpiredDraftsAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (await account.Client.GetAsync($"/v2/porting_orders/{draft}")).StatusCode == HttpStatusCode.NotFound);
        await (await account.Client.GetAsync($"/v2/porting_orders/{confirmed}")).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.GetAsync($"/v2/porting_orders/{younger}")).ExpectAsync(HttpStatusCode.OK);

        // Its numbers are free again, and the removal is an event.
        await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var deleted = Assert.Single(await AllPagesAsync(account.Client, "/v2/porting/events?filter[type]=porting_order.deleted"));
        Assert.Equal(draft, deleted.Str("porting_order_id"));
        Assert.Equal(draft, deleted.GetProperty("payload").Str("id"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; i < 200 && DateTime.UtcNow < deadline; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("The condition did not become true within 10 seconds.");
    }

    [Fact]
    public async Task Events_FilterShowAndRepublish()
    {
        var account = await Service.NewAccountAsync();
        var other = await Service.NewAccountAsync("other");
        var id = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999940"]}""")).Str("id");
        await ConfirmAsync(account.Client, id);

        var listed = Assert.Single(await AllPagesAsync(account.Client, "/v2/porting/events"));
        Assert.Equal("porting_event", listed.Str("record_type"));
        Assert.Equal("completed", listed.Str("payload_status"));
        Assert.Equal(0, listed.GetProperty("available_notification_methods").GetArrayLength());
        var eventId = listed.Str("id");
        var shown = await (await account.Client.GetAsync($"/v2/porting/events/{eventId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("in-process", shown.GetProperty("data").GetProperty("payload").GetProperty("status").Str("value"));
        await (await other.Client.GetAsync($"/v2/porting/events/{eventId}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/v2/porting/events/{eventId}/republish", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(other.Client, "/v2/porting/events"));

        // No webhook anywhere: republishing says what to do.
        await (await account.Client.PostAsync($"/v2/porting/events/{eventId}/republish", null)).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"webhook_url": "https://hooks.example.com/hooks"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync($"/v2/porting/events/{eventId}/republish", null)).StatusCode);
        var after = await (await account.Client.GetAsync($"/v2/porting/events/{eventId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("webhook", after.GetProperty("data").GetProperty("available_notification_methods")[0].GetString());

        Assert.Equal(1, await TotalAsync(account.Client, $"/v2/porting/events?filter[created_at][gte]={Clock.GetUtcNow().AddMinutes(-1):O}".Replace("+", "%2B")));
        Assert.Equal(0, await TotalAsync(account.Client, $"/v2/porting/events?filter[created_at][lte]={Clock.GetUtcNow().AddMinutes(-1):O}".Replace("+", "%2B")));
        Clock.Advance(TimeSpan.FromMinutes(1));
        // Deleting a draft is an event too.
        var draft = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999941"], "customer_reference": "scrap"}""")).Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/v2/porting_orders/{draft}")).StatusCode);
        var deleted = Assert.Single(await AllPagesAsync(account.Client, "/v2/porting/events?filter[type]=porting_order.deleted"));
        Assert.Equal(("scrap", draft), (deleted.GetProperty("payload").Str("customer_reference"), deleted.Str("porting_order_id")));

        await (await account.Client.GetAsync("/v2/porting/events?filter[type]=porting_order.nope")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[type]");
        await (await account.Client.GetAsync("/v2/porting/events?filter[created_at][gte]=yesterday")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[created_at][gte]");
        await (await account.Client.GetAsync("/v2/porting/events/not-a-uuid")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AccountWebhookUrl_AddressesEventsOfOrdersWithoutTheirOwn()
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/webhook_url", Json.Body("""{"webhook_url": "ftp://example.com"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/webhook_url");
        await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/webhook_url", Json.Body("""{}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/webhook_url");
        await (await op.PutAsync($"/admin/v1/accounts/{Guid.NewGuid()}/webhook_url", Json.Body("""{"webhook_url": "https://hooks.example.com/a"}""")))
            .ExpectErrorAsync(HttpStatusCode.NotFound);
        // An internal address is refused when it is saved (the outbound guard), as it would be when called.
        await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/webhook_url", Json.Body("""{"webhook_url": "http://127.0.0.1:9/account-hooks"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/webhook_url");
        var set = await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/webhook_url", Json.Body("""{"webhook_url": "https://hooks.example.com/account-hooks"}""")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("https://hooks.example.com/account-hooks", set.GetProperty("data").Str("webhook_url"));

        var id = (await CreateOrderAsync(account.Client, """{"phone_numbers": ["+4930244999945"]}""")).Str("id");
        await ConfirmAsync(account.Client, id);
        var e = Assert.Single(await AllPagesAsync(account.Client, "/v2/porting/events"));
        Assert.Equal("webhook", e.GetProperty("available_notification_methods")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync($"/v2/porting/events/{e.Str("id")}/republish", null)).StatusCode);
    }
}

public sealed class PortingCompletionSqliteTests() : PortingCompletionTests(TestDatabase.Sqlite);

public sealed class PortingCompletionPostgresTests() : PortingCompletionTests(TestDatabase.Postgres);
