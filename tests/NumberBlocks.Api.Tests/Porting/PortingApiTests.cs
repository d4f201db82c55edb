using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>The Telnyx porting surface (seeds 000–002), run against each database by the subclasses.</summary>
public abstract class PortingApiTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        _ = Service.Server; // start it
    }

    public virtual async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // The seed guide's Example 2 (seed 001): +4920123456000-099 active 000-064 and 087.
    private const string Example2Block = """
        {"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
         "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"},
                               {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}
        """;

    private static async Task<JsonElement> CreateOrderAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/v2/porting_orders", Json.Body(body));
        var json = await response.ExpectAsync(HttpStatusCode.Created);
        return json.GetProperty("data")[0];
    }

    private static Task<JsonElement> CreateSingleNumberOrderAsync(HttpClient client, params string[] numbers) =>
        CreateOrderAsync(client, JsonSerializer.Serialize(new { phone_numbers = numbers }));

    [Fact]
    public async Task CreateOrder_WithGuideExample1Block_CreatesDraftWithThousandNumbers()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateOrderAsync(account.Client, """
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456999"},
              "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456775"}]}]}
            """);
        Assert.Equal("draft", order.GetProperty("status").Str("value"));
        Assert.Equal("local", order.Str("phone_number_type"));
        Assert.Equal("porting_order", order.Str("record_type"));
        Assert.Equal(1000, order.GetProperty("porting_phone_numbers_count").GetInt32());

        var id = order.Str("id");
        var active = await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={id}&filter[activate]=true&page[size]=1");
        Assert.Equal(776, (await active.ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt32());
        var inactive = await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id][eq]={id}&filter[activate]=false&page[size]=1");
        Assert.Equal(224, (await inactive.ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task AddBlock_GuideExample2ToOrderOfSingles_AddsMissingNumbersAndReferencesTheBlock()
    {
        // Seed 001: an order for +4920123456007, 045 and 087 turns out to be part of the block 000-099.
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4920123456007", "+4920123456045", "+4920123456087");
        var orderId = order.Str("id");

        var created = await account.Client.PostAsync($"/v2/porting_orders/{orderId}/phone_number_blocks", Json.Body(Example2Block));
        var block = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal("porting_phone_number_block", block.Str("record_type"));
        Assert.Equal("DE", block.Str("country_code"));
        Assert.Equal("local", block.Str("phone_number_type"));
        Assert.Equal(orderId, block.Str("porting_order_id"));
        Assert.Equal("+4920123456000", block.GetProperty("phone_number_range").Str("start_at"));
        Assert.Equal(2, block.GetProperty("activation_ranges").GetArrayLength());
        Assert.Equal("+4920123456087", block.GetProperty("activation_ranges")[1].Str("end_at"));

        var list = await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id][in][]={orderId}&page[size]=250"))
            .ExpectAsync(HttpStatusCode.OK);
        var numbers = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(100, numbers.Count);
        Assert.All(numbers, n => Assert.Equal(block.Str("id"), n.Str("block_reference_id")));
        Assert.All(numbers, n => Assert.Equal("draft", n.Str("porting_order_status")));
        var activeNumbers = numbers.Where(n => n.GetProperty("activate").GetBoolean()).Select(n => n.Str("phone_number")).ToList();
        Assert.Equal(66, activeNumbers.Count);
        Assert.Contains("+4920123456087", activeNumbers);
        Assert.DoesNotContain("+4920123456065", activeNumbers);
        Assert.DoesNotContain("+4920123456099", activeNumbers);

        var blocks = await (await account.Client.GetAsync($"/v2/porting_orders/{orderId}/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, blocks.GetProperty("meta").GetProperty("total_results").GetInt32());
        Assert.Equal(1, blocks.GetProperty("meta").GetProperty("page_number").GetInt32());
    }

    [Fact]
    public async Task DeleteBlock_LeavesItsNumbersOnTheOrder()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var orderId = order.Str("id");
        var blocks = await (await account.Client.GetAsync($"/v2/porting_orders/{orderId}/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK);
        var blockId = blocks.GetProperty("data")[0].Str("id");

        var deleted = await account.Client.DeleteAsync($"/v2/porting_orders/{orderId}/phone_number_blocks/{blockId}");
        Assert.Equal(blockId, (await deleted.ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("id"));

        var numbers = await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={orderId}&page[size]=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, numbers.GetProperty("meta").GetProperty("total_results").GetInt32());
        var referencing = await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[block_reference_id]={blockId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, referencing.GetProperty("meta").GetProperty("total_results").GetInt32());
        var again = await account.Client.DeleteAsync($"/v2/porting_orders/{orderId}/phone_number_blocks/{blockId}");
        await again.ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidBlocks => new()
    {
        // Seed 001's invalid examples, and the other rules of seeds 000/001.
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456010"}, "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456100"}]}""", "/activation_ranges/0/end_at" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": [{"start_at": "+4920123456005", "end_at": "+4920123456012"}, {"start_at": "+4920123456007", "end_at": "+4920123456014"}]}""", "/activation_ranges/1" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123457000"}, "activation_ranges": []}""", "/phone_number_range/end_at" },
        { """{"phone_number_range": {"start_at": "+4920123456099", "end_at": "+4920123456000"}, "activation_ranges": []}""", "/phone_number_range/start_at" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+49201234560999"}, "activation_ranges": []}""", "/phone_number_range/end_at" },
        { """{"phone_number_range": {"start_at": "4920123456000", "end_at": "+4920123456099"}, "activation_ranges": []}""", "/phone_number_range/start_at" },
        { """{"phone_number_range": {"start_at": 4920123456000, "end_at": "+4920123456099"}, "activation_ranges": []}""", "/phone_number_range/start_at" },
        { """{"phone_number_range": {"end_at": "+4920123456099"}, "activation_ranges": []}""", "/phone_number_range/start_at" },
        { """{"activation_ranges": []}""", "/phone_number_range" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}}""", "/activation_ranges" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": [{"start_at": "+4920123456000"}]}""", "/activation_ranges/0/end_at" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": [{"start_at": "+4920123455999", "end_at": "+4920123456001"}]}""", "/activation_ranges/0/start_at" },
        { """{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"}, "activation_ranges": "all"}""", "/activation_ranges" },
        { """{"phone_number_range": {"start_at": "+99999999999999999999", "end_at": "+4920123456099"}, "activation_ranges": []}""", "/phone_number_range/start_at" },
    };

    [Theory]
    [MemberData(nameof(InvalidBlocks))]
    public async Task AddBlock_BrokenRule_Is422PointingAtTheField(string body, string pointer)
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4920123456500");
        var response = await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_blocks", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    [Fact]
    public async Task AddBlock_OtherCountryOrType_IsRefused()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4920123456500");
        // A German mobile block cannot join a DE local order (seed 001: same country and type).
        var response = await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_blocks", Json.Body(
            """{"phone_number_range": {"start_at": "+4915112345600", "end_at": "+4915112345609"}, "activation_ranges": []}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_range/start_at", "order.country_or_type_mismatch");
    }

    [Fact]
    public async Task AddBlock_OverlappingAnotherBlockOfTheOrder_IsRefused()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var response = await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_blocks", Json.Body(
            """{"phone_number_range": {"start_at": "+4920123456090", "end_at": "+4920123456199"}, "activation_ranges": []}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_range/start_at", "block.overlaps_block");
    }

    [Fact]
    public async Task Ledger_NumberOnAnotherAccountsOrder_IsRefusedNamingTheNumber()
    {
        var first = await Service.NewAccountAsync("first");
        var second = await Service.NewAccountAsync("second");
        await CreateSingleNumberOrderAsync(first.Client, "+4920123456050");

        var response = await second.Client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_number_blocks": [{{Example2Block}}]}"""));
        var error = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_blocks/0/phone_number_range/start_at", "ledger.number_held");
        Assert.Contains("+4920123456050", error.GetProperty("errors")[0].Str("detail"));
        Assert.DoesNotContain(first.Id.ToString(), error.GetRawText());

        var orders = await (await second.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, orders.GetProperty("meta").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task CreateOrder_MixedCountries_SplitsIntoOneOrderPerCountryAndType()
    {
        var account = await Service.NewAccountAsync();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(
            """{"phone_numbers": ["+4930244999901", "+13035550000", "+4915112345678", "+4930244999902"], "customer_reference": "ref-1"}"""));
        var data = (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, data.Count);
        Assert.Contains(data, o => o.Str("phone_number_type") == "local" && o.GetProperty("porting_phone_numbers_count").GetInt32() == 2);
        Assert.Contains(data, o => o.Str("phone_number_type") == "mobile");
        Assert.All(data, o => Assert.Equal("ref-1", o.Str("customer_reference")));
        Assert.Contains(data, o => o.GetProperty("phone_numbers").EnumerateArray().Any(n => n.Str("phone_number") == "+13035550000" && n.Str("portability_status") == "pending"));
    }

    [Fact]
    public async Task CreateOrder_NumbersOfAnyCountryAndType_AreSplitUnderTelnyxsTypeNames()
    {
        var account = await Service.NewAccountAsync();
        // France, Guernsey, Canada's 273 overlay, a German premium-rate and a Dutch VoIP number.
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(
            """{"phone_numbers": ["+33123456789", "+447911123456", "+12732345678", "+499001234567", "+31851234567"]}"""));
        var data = (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").EnumerateArray()
            .Select(o => (o.GetProperty("phone_numbers")[0].Str("phone_number"), o.Str("phone_number_type"), o.GetProperty("phone_numbers")[0].Str("phone_number_type")))
            .ToHashSet();
        Assert.Equal(new HashSet<(string, string, string)>
        {
            ("+33123456789", "local", "local"), ("+447911123456", "mobile", "mobile"), ("+12732345678", "local", "local"),
            ("+499001234567", "national", "national"), ("+31851234567", "national", "national"),
        }, data);

        var national = await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[phone_number_type]=national")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["+31851234567", "+499001234567"], national.GetProperty("data").EnumerateArray().Select(n => n.Str("phone_number")).Order().ToArray());
        await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[phone_number_type]=premium_rate"))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[phone_number_type]");
    }

    [Fact]
    public async Task CreateOrder_BlockAcrossATypeBoundary_IsRefusedNamingTheFirstNumberThatDiffers()
    {
        var account = await Service.NewAccountAsync();
        // 07911 0… is the UK's, 07911 1… Guernsey's.
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(
            """{"phone_number_blocks": [{"phone_number_range": {"start_at": "+447911099900", "end_at": "+447911100099"}, "activation_ranges": []}]}"""));
        var error = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_number_blocks/0/phone_number_range/end_at", "block.mixed_country_or_type");
        Assert.Contains("+447911100000, the first number that differs, is GG mobile", error.GetProperty("errors")[0].Str("detail"));
    }

    [Fact]
    public async Task Extensions_OnANumberWhosePlanHasNoDirectDialNumbers_AreRefused()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+13035550001");
        var numberId = order.GetProperty("phone_numbers")[0].Str("id");
        var response = await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{numberId}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}"""));
        var error = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "extension_range.outside_plan");
        Assert.Contains("+130355500011", error.GetProperty("errors")[0].Str("detail"));
    }

    [Theory]
    [InlineData("""{"phone_numbers": ["+4930244999901", "+4930244999901"]}""", "/phone_numbers/1")]
    [InlineData("""{"phone_numbers": ["+4930 244999901"]}""", "/phone_numbers/0")]
    [InlineData("""{"phone_numbers": [12345678]}""", "/phone_numbers/0")]
    [InlineData("""{"phone_numbers": "+4930244999901"}""", "/phone_numbers")]
    [InlineData("""{"phone_numbers": []}""", "/phone_numbers")]
    [InlineData("""{}""", "/phone_numbers")]
    [InlineData("""[]""", "")]
    [InlineData("""{"phone_numbers": ["+4920711234567"]}""", "/phone_numbers/0")]       // 0207x is no German area code
    [InlineData("""{"phone_numbers": ["+12125550123"]}""", "/phone_numbers/0")]         // NANP fictitious 555-01xx
    [InlineData("""{"phone_numbers": ["+80012345678"]}""", "/phone_numbers/0")]         // a global service, no country
    [InlineData("""{"phone_numbers": ["+4930244999901"], "customer_reference": 5}""", "/customer_reference")]
    public async Task CreateOrder_BadInput_Is422NamingTheField(string body, string pointer)
    {
        var account = await Service.NewAccountAsync();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    [Theory]
    [InlineData("{\"phone_numbers\": [")]
    [InlineData("")]
    [InlineData("not json")]
    public async Task CreateOrder_MalformedJson_Is400(string body)
    {
        var account = await Service.NewAccountAsync();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Lifecycle_ConfirmThenCarrierStatuses_MoveOnlyThroughTheTable()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4930244999905");
        var id = order.Str("id");
        using var op = Service.Operator();

        // Illegal: draft → ported.
        var illegal = await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "ported" });
        await illegal.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status", "status.illegal_transition");

        var confirmed = await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("in-process", confirmed.GetProperty("data").GetProperty("status").Str("value"));
        Assert.StartsWith("sr_", confirmed.GetProperty("data").Str("support_key"));
        var again = await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null);
        await again.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status/value", "status.illegal_transition");

        foreach (var status in new[] { "submitted", "foc-date-confirmed", "ported" })
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status",
                // Issue 6: foc-date-confirmed carries the actual FOC date/time.
                status == "foc-date-confirmed" ? new { status, foc_datetime_actual = "2026-12-01T08:00:00Z" } : (object)new { status })).ExpectAsync(HttpStatusCode.OK);
        var ported = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ported", ported.GetProperty("data").GetProperty("status").Str("value"));
        var cancel = await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/cancel", null);
        await cancel.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "status.illegal_transition");

        // A ported number is the account's: it cannot go on another order.
        var other = await Service.NewAccountAsync();
        var taken = await other.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999905"]}"""));
        await taken.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0", "ledger.number_held");
    }

    [Fact]
    public async Task Cancel_ReleasesTheNumbersForANewOrder()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var id = order.Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        var pending = await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancel-pending", pending.GetProperty("data").GetProperty("status").Str("value"));
        using var op = Service.Operator();
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "cancelled" })).ExpectAsync(HttpStatusCode.OK);

        await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
    }

    [Fact]
    public async Task DeleteOrder_DraftOnly_AndReleasesNumbers()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4930244999907");
        var id = order.Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/v2/porting_orders/{id}")).StatusCode);
        await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var second = await CreateSingleNumberOrderAsync(account.Client, "+4930244999907");
        await (await account.Client.PostAsync($"/v2/porting_orders/{second.Str("id")}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.DeleteAsync($"/v2/porting_orders/{second.Str("id")}")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task AddBlock_WhenOrderIsSubmitted_IsRefused()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4920123456001");
        var id = order.Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        using var op = Service.Operator();
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "submitted" })).ExpectAsync(HttpStatusCode.OK);
        var response = await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_blocks", Json.Body(Example2Block));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, null, "order.not_editable");
        // Back in exception, blocks can be added again (seed 001: draft, in-process or exception).
        await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", new { status = "exception", details = new[] { new { code = "PORTING_ORDER_SPLIT_REQUIRED", description = "Port the whole block." } } })).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_blocks", Json.Body(Example2Block))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Extensions_CreateListDelete_FollowSeed002()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4930244999950");
        var id = order.Str("id");
        var numberId = order.GetProperty("phone_numbers")[0].Str("id");

        var created = await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{numberId}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 1, "end_at": 10}]}"""));
        var extension = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal("porting_phone_number_extension", extension.Str("record_type"));
        Assert.Equal(numberId, extension.Str("porting_phone_number_id"));
        Assert.Equal(10, extension.GetProperty("extension_range").GetProperty("end_at").GetInt32());

        var overlapping = await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{numberId}}", "extension_range": {"start_at": 5, "end_at": 20}, "activation_ranges": []}"""));
        await overlapping.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/extension_range/start_at", "extension_range.overlap");

        var list = await (await account.Client.GetAsync($"/v2/porting_orders/{id}/phone_number_extensions?filter[porting_phone_number_id]={numberId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("meta").GetProperty("total_results").GetInt32());

        var deleted = await account.Client.DeleteAsync($"/v2/porting_orders/{id}/phone_number_extensions/{extension.Str("id")}");
        await deleted.ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": 10, "end_at": 1}, "activation_ranges": []}""", "/extension_range/start_at")]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": 0, "end_at": 1000}, "activation_ranges": []}""", "/extension_range/end_at")]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 0, "end_at": 5}]}""", "/activation_ranges/0/start_at")]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 1, "end_at": 5}, {"start_at": 5, "end_at": 6}]}""", "/activation_ranges/1")]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": "1", "end_at": 10}, "activation_ranges": []}""", "/extension_range/start_at")]
    [InlineData("""{"porting_phone_number_id": "NUMBER", "extension_range": {"start_at": 1.5, "end_at": 10}, "activation_ranges": []}""", "/extension_range/start_at")]
    [InlineData("""{"porting_phone_number_id": "not-a-uuid", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}""", "/porting_phone_number_id")]
    [InlineData("""{"porting_phone_number_id": "00000000-0000-0000-0000-000000000001", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}""", "/porting_phone_number_id")]
    [InlineData("""{"extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": []}""", "/porting_phone_number_id")]
    public async Task Extensions_BrokenRule_Is422PointingAtTheField(string template, string pointer)
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4930244999951");
        var body = template.Replace("NUMBER", order.GetProperty("phone_numbers")[0].Str("id"));
        var response = await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/phone_number_extensions", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    [Fact]
    public async Task Update_PatchesOnlyGivenFields()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateSingleNumberOrderAsync(account.Client, "+4930244999960");
        var id = order.Str("id");
        var patched = await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(
            """{"customer_reference": "Test1234", "webhook_url": "https://example.com/hooks", "activation_settings": {"foc_datetime_requested": "2022-04-08T15:00:00Z"}, "end_user": {"admin": {"entity_name": "Porter McPortersen"}}}"""));
        var data = (await patched.ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("Test1234", data.Str("customer_reference"));
        Assert.Equal("https://example.com/hooks", data.Str("webhook_url"));
        Assert.Equal("2022-04-08T15:00:00.000Z", data.GetProperty("activation_settings").Str("foc_datetime_requested"));
        Assert.Equal("Porter McPortersen", data.GetProperty("end_user").GetProperty("admin").Str("entity_name"));

        var second = await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"customer_group_reference": "G1"}"""));
        var data2 = (await second.ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("Test1234", data2.Str("customer_reference"));
        Assert.Equal("G1", data2.Str("customer_group_reference"));

        var bad = await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"webhook_url": "ftp://x"}"""));
        await bad.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/webhook_url");
    }

    [Fact]
    public async Task List_PagesAndFiltersInAllThreeStyles()
    {
        var account = await Service.NewAccountAsync();
        var a = await CreateSingleNumberOrderAsync(account.Client, "+4930244999970", "+4930244999971");
        var b = await CreateSingleNumberOrderAsync(account.Client, "+4930244999972");
        var (ida, idb) = (a.Str("id"), b.Str("id"));

        async Task<int> Count(string query) =>
            (await (await account.Client.GetAsync("/v2/porting_phone_numbers?" + query)).ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt32();
        Assert.Equal(3, await Count($"filter[porting_order_id]={ida},{idb}"));
        Assert.Equal(2, await Count($"filter[porting_order_id][eq]={ida}"));
        Assert.Equal(3, await Count($"filter[porting_order_id][in][]={ida}&filter[porting_order_id][in][]={idb}"));
        Assert.Equal(3, await Count("filter[porting_order_status]=draft"));
        Assert.Equal(0, await Count("filter[porting_order_status]=ported"));
        Assert.Equal(1, await Count("filter[phone_number]=%2B4930244999972"));

        var page = await (await account.Client.GetAsync("/v2/porting_orders?page[size]=1&page[number]=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("meta").GetProperty("total_pages").GetInt32());
        Assert.Equal(ida, page.GetProperty("data")[0].Str("id")); // newest first by default

        await (await account.Client.GetAsync("/v2/porting_orders?page[size]=251")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "page[size]");
        await (await account.Client.GetAsync("/v2/porting_orders?page[number]=0")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "page[number]");
        await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[porting_order_id]=nope")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[porting_order_id]");
        await (await account.Client.GetAsync("/v2/porting_phone_numbers?filter[porting_order_status]=done")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "filter[porting_order_status]");
    }

    [Fact]
    public async Task Auth_MissingOrBadKey_Is401InTelnyxShape()
    {
        using var anonymous = Service.CreateClient();
        await (await anonymous.GetAsync("/v2/porting_orders")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "nbk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        await (await anonymous.GetAsync("/v2/porting_orders")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.OperatorKey);
        await (await anonymous.GetAsync("/v2/porting_orders")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Isolation_EveryIdBearingRoute_AnswersAnotherAccount404AndChangesNothing()
    {
        var owner = await Service.NewAccountAsync("owner");
        var intruder = await Service.NewAccountAsync("intruder");
        var order = await CreateOrderAsync(owner.Client, $$"""{"phone_numbers": ["+4920123456500"], "phone_number_blocks": [{{Example2Block}}]}""");
        var id = order.Str("id");
        var blockId = (await (await owner.Client.GetAsync($"/v2/porting_orders/{id}/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].Str("id");
        var numberId = order.GetProperty("phone_numbers")[0].Str("id");
        var ext = await (await owner.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{numberId}}", "extension_range": {"start_at": 1, "end_at": 2}, "activation_ranges": []}"""))).ExpectAsync(HttpStatusCode.Created);
        var extId = ext.GetProperty("data").Str("id");

        var requests = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, $"/v2/porting_orders/{id}", null),
            (HttpMethod.Patch, $"/v2/porting_orders/{id}", """{"customer_reference": "stolen"}"""),
            (HttpMethod.Delete, $"/v2/porting_orders/{id}", null),
            (HttpMethod.Post, $"/v2/porting_orders/{id}/actions/confirm", null),
            (HttpMethod.Post, $"/v2/porting_orders/{id}/actions/cancel", null),
            (HttpMethod.Get, $"/v2/porting_orders/{id}/phone_number_blocks", null),
            (HttpMethod.Post, $"/v2/porting_orders/{id}/phone_number_blocks", """{"phone_number_range": {"start_at": "+4920123456600", "end_at": "+4920123456609"}, "activation_ranges": []}"""),
            (HttpMethod.Delete, $"/v2/porting_orders/{id}/phone_number_blocks/{blockId}", null),
            (HttpMethod.Get, $"/v2/porting_orders/{id}/phone_number_extensions", null),
            (HttpMethod.Post, $"/v2/porting_orders/{id}/phone_number_extensions", $$"""{"porting_phone_number_id": "{{numberId}}", "extension_range": {"start_at": 5, "end_at": 6}, "activation_ranges": []}"""),
            (HttpMethod.Delete, $"/v2/porting_orders/{id}/phone_number_extensions/{extId}", null),
        };
        foreach (var (method, path, body) in requests)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json.Body(body) };
            var response = await intruder.Client.SendAsync(request);
            await response.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        var theirs = await (await intruder.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, theirs.GetProperty("meta").GetProperty("total_results").GetInt32());

        var after = await (await owner.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", after.GetProperty("data").GetProperty("status").Str("value"));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("data").GetProperty("customer_reference").ValueKind);
        Assert.Equal(101, after.GetProperty("data").GetProperty("porting_phone_numbers_count").GetInt32());
        var blocks = await (await owner.Client.GetAsync($"/v2/porting_orders/{id}/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, blocks.GetProperty("meta").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task ConcurrentOverlappingBlockCreates_ExactlyOneWins()
    {
        var accounts = new[] { await Service.NewAccountAsync("a"), await Service.NewAccountAsync("b") };
        var orders = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < 8; i++)
        {
            var acct = accounts[i % 2];
            var o = await CreateSingleNumberOrderAsync(acct.Client, $"+49301234{5000 + i}");
            orders.Add((acct.Client, o.Str("id")));
        }
        var attempts = orders.Select(o => o.Client.PostAsync($"/v2/porting_orders/{o.Id}/phone_number_blocks", Json.Body(Example2Block))).ToList();
        var responses = await Task.WhenAll(attempts);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0L, await Service.WithDbAsync(db => NumberBlocks.Data.Ledger.NumberLedger.CountOverlapsAsync(db, CancellationToken.None)));
    }

    [Fact]
    public async Task Restart_KeepsAllData()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateOrderAsync(account.Client, $$"""{"phone_number_blocks": [{{Example2Block}}]}""");
        var connection = Service.ConnectionString;
        Service.KeepData = true;
        await Service.DisposeAsync();

        Service = new ServiceFactory(database, connection);
        using var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", account.ApiKey);
        var again = await (await client.GetAsync($"/v2/porting_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, again.GetProperty("data").GetProperty("porting_phone_numbers_count").GetInt32());
    }
}

public sealed class PortingApiSqliteTests() : PortingApiTests(TestDatabase.Sqlite);

public sealed class PortingApiPostgresTests() : PortingApiTests(TestDatabase.Postgres);
