using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Telnyx.Ordering;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Requests;
using NumberBlocks.Data.Ledger;

namespace NumberBlocks.Api.Tests.Ordering;

/// <summary>Buying numbers and blocks the Telnyx way: every path takes numbers through the one allocation operation.</summary>
public abstract class TelnyxOrderingTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        Service.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // The tests run the ordering and fulfilment passes themselves, so every pending state can be seen: a
            // background fulfilment pass, woken when a reservation gives its number back to stock, would otherwise hand
            // it to a waiting request before the test looks at the stock.
            foreach (var worker in services.Where(d => d.ImplementationType == typeof(OrderingWorker)
                                                     || d.ImplementationType == typeof(NumberBlocks.Api.Requests.FulfilmentWorker)).ToList())
                services.Remove(worker);
        };
        _ = Service.Server;
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // Essen local numbers (+49 201 …), loaded as stock.
    private const string StockStart = "+4920123457000";
    private const string StockEnd = "+4920123457999";

    private OrderingWork Work => Service.Services.GetRequiredService<OrderingWork>();

    /// <summary>One pass of the fulfilment engine CM.com requests and Telnyx orders by criteria share.</summary>
    private Task<long> RunFulfilmentAsync() =>
        ActivatorUtilities.CreateInstance<NumberBlocks.Api.Requests.FulfilmentWorker>(Service.Services).RunOnceAsync(CancellationToken.None);

    private async Task<(long Start, long End, string Kind, Guid? Account)[]> ClaimsOverAsync(long start, long end) =>
        await Service.WithDbAsync(async db => (await NumberLedger.OverlapsAsync(db, start, end, CancellationToken.None))
            .Select(c => (c.Start, c.End, c.Kind.ToString(), c.AccountId)).ToArray());

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PostAsync(path, Json.Body(JsonSerializer.Serialize(body)))).ExpectAsync(expected);

    [Fact]
    public async Task AvailableBlocks_StockAndCatalogue_ListsAlignedStockBlocksAndWholeCatalogueBlocks()
    {
        await RequestTestKit.LoadStockAsync(Service, "+4920123457005", "+4920123457129", city: "Essen");
        using var op = Service.Operator();
        (await op.PostAsync("/admin/v1/numberblocks", Json.Body("""{"start_at": "+61288800000", "end_at": "+61288800049", "number_type": "local"}""")))
            .EnsureSuccessStatusCode();
        var account = await Service.NewAccountAsync();

        var de = await (await account.Client.GetAsync("/v2/available_phone_number_blocks?filter[country_code]=DE&filter[locality]=essen")).ExpectAsync(HttpStatusCode.OK);
        // 005-009 is no block; 010-099 are nine blocks of 10; 100-129 three more.
        Assert.Equal(12, de.GetProperty("meta").GetProperty("total_results").GetInt64());
        var first = de.GetProperty("data")[0];
        Assert.Equal("+4920123457010", first.Str("phone_number"));
        Assert.Equal(10, first.GetProperty("range").GetInt32());
        Assert.Equal("available_phone_number_block", first.Str("record_type"));

        var au = await (await account.Client.GetAsync("/v2/available_phone_number_blocks?filter[country_code]=AU")).ExpectAsync(HttpStatusCode.OK);
        var block = Assert.Single(au.GetProperty("data").EnumerateArray());
        Assert.Equal(50, block.GetProperty("range").GetInt32());

        var big = await (await account.Client.GetAsync("/v2/available_phone_number_blocks?filter[minimum_block_size]=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, big.GetProperty("meta").GetProperty("total_results").GetInt64());
    }

    [Theory]
    [InlineData("filter[area_code]=201", "filter[area_code]")]
    [InlineData("filter[phone_number_type]=premium", "filter[phone_number_type]")]
    [InlineData("page[size]=5", "page[size]")]
    public async Task AvailableBlocks_UnknownOrBadParameter_Is422NamingIt(string query, string parameter)
    {
        var account = await Service.NewAccountAsync();
        var body = await (await account.Client.GetAsync("/v2/available_phone_number_blocks?" + query)).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.TryGetProperty("source", out var s) && s.Str("parameter") == parameter);
    }

    [Fact]
    public async Task BlockOrder_AlignedStockBlock_PendingThenSuccessHeldByAccountListedAndReportedByWebhook()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var buyer = await Service.NewAccountAsync("buyer");
        using (var op = Service.Operator())
            (await op.PutAsync($"/admin/v1/accounts/{buyer.Id}/webhook_url", Json.Body("""{"webhook_url": "https://hooks.example.com/telnyx"}"""))).EnsureSuccessStatusCode();

        var order = (await PostAsync(buyer.Client, "/v2/number_block_orders", new { starting_number = "+4920123457100", range = 100 })).GetProperty("data");
        Assert.Equal("pending", order.Str("status"));
        Assert.Equal(100, order.GetProperty("phone_numbers_count").GetInt32());
        var claim = Assert.Single(await ClaimsOverAsync(4920123457100, 4920123457199));
        Assert.Equal(("NumberOrder", buyer.Id), (claim.Kind, claim.Account));

        Assert.Equal(1, await Work.CompletePendingOrdersAsync(CancellationToken.None));
        var done = (await (await buyer.Client.GetAsync($"/v2/number_block_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("success", done.Str("status"));
        claim = Assert.Single(await ClaimsOverAsync(4920123457100, 4920123457199));
        Assert.Equal(("Account", buyer.Id), (claim.Kind, claim.Account));

        var numbers = await (await buyer.Client.GetAsync("/v2/phone_numbers?page[size]=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, numbers.GetProperty("meta").GetProperty("total_results").GetInt64());
        Assert.Equal("+4920123457100", numbers.GetProperty("data")[0].Str("phone_number"));
        var blocks = await (await buyer.Client.GetAsync("/v2/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("+4920123457199", Assert.Single(blocks.GetProperty("data").EnumerateArray()).Str("ending_number"));

        var hooks = await Service.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccountId == buyer.Id).Select(m => new { m.EventType, m.Payload }).ToListAsync());
        var hook = Assert.Single(hooks);
        Assert.Equal("number_block_order.complete", hook.EventType);
        Assert.True(JsonDocument.Parse(hook.Payload).RootElement.TryGetProperty("data", out var data), hook.Payload);
        Assert.True(data.TryGetProperty("payload", out var payload), hook.Payload);
        Assert.True(payload.TryGetProperty("status", out _), hook.Payload);
        Assert.Equal("success", JsonDocument.Parse(hook.Payload).RootElement.GetProperty("data").GetProperty("payload").Str("status"));
        // Stock + allocated = loaded.
        await RequestTestKit.AssertBalancedAsync(Service, 1000, 100);
    }

    [Fact]
    public async Task BlockOrder_UnalignedOrHeldBlock_Is422AndHoldsNothing()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var a = await Service.NewAccountAsync("a");
        var b = await Service.NewAccountAsync("b");
        await (await a.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4920123457005", "range": 10}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/starting_number", "number_block.not_for_sale");
        await PostAsync(a.Client, "/v2/number_block_orders", new { starting_number = "+4920123457000", range = 10 });
        await (await b.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4920123457000", "range": 10}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/starting_number", "ledger.number_held");
        await (await b.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4930123457000", "range": 10}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/starting_number", "number.not_for_sale");
        await (await b.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"range": 10, "colour": "red"}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/colour");
        Assert.Equal(0, await Service.WithDbAsync(db => db.NumberOrders.CountAsync(o => o.AccountId == b.Id)));
        // Another account's order is not found.
        var mine = await (await a.Client.GetAsync("/v2/number_block_orders")).ExpectAsync(HttpStatusCode.OK);
        var id = mine.GetProperty("data")[0].Str("id");
        await (await b.Client.GetAsync($"/v2/number_block_orders/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BlockOrder_CatalogueBlock_IsSoldWholeAndNoLongerForSaleOnFoneDynamics()
    {
        using var op = Service.Operator();
        var published = (await (await op.PostAsync("/admin/v1/numberblocks", Json.Body("""{"start_at": "+61288800000", "end_at": "+61288800049", "number_type": "local"}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        var buyer = await Service.NewAccountAsync();
        await (await buyer.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+61288800000", "range": 10}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/starting_number", "number_block.not_for_sale");
        await PostAsync(buyer.Client, "/v2/number_block_orders", new { starting_number = "+61288800000", range = 50 });
        var status = await Service.WithDbAsync(db => db.CatalogueBlocks.Where(b => b.Sid == Guid.Parse(published.Str("NumberBlockSid"))).Select(b => b.Status).SingleAsync());
        Assert.Equal("sold", status);
    }

    [Fact]
    public async Task NumberOrder_GermanLocalWithoutRequirement_StaysPendingUntilPatchedThenSucceeds()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var buyer = await Service.NewAccountAsync();
        var order = (await PostAsync(buyer.Client, "/v2/number_orders", new
        {
            customer_reference = "ref-1",
            phone_numbers = new object[] { new { phone_number = "+4920123457005" }, new { phone_number = "+4920123457006", requirement_group_id = "grp-1" } },
        })).GetProperty("data");
        Assert.Equal("pending", order.Str("status"));
        Assert.False(order.GetProperty("requirements_met").GetBoolean());
        var missing = order.GetProperty("phone_numbers")[0];
        Assert.Equal("requirement-info-pending", missing.Str("requirements_status"));
        var requirementId = missing.GetProperty("regulatory_requirements")[0].Str("requirement_id");

        Assert.Equal(0, await Work.CompletePendingOrdersAsync(CancellationToken.None));
        var patched = await (await buyer.Client.PatchAsync($"/v2/number_orders/{order.Str("id")}",
            Json.Body(JsonSerializer.Serialize(new { regulatory_requirements = new[] { new { requirement_id = requirementId, field_value = "Kettwiger Str. 1, Essen" } } }))))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.True(patched.GetProperty("data").GetProperty("requirements_met").GetBoolean());
        Assert.Equal(1, await Work.CompletePendingOrdersAsync(CancellationToken.None));
        var done = (await (await buyer.Client.GetAsync($"/v2/number_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("success", done.Str("status"));
        Assert.All(await ClaimsOverAsync(4920123457005, 4920123457006), c => Assert.Equal(("Account", buyer.Id), (c.Kind, c.Account)));
        var listed = await (await buyer.Client.GetAsync("/v2/number_orders?filter[customer_reference]=ref-1&filter[requirements_met]=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, listed.GetProperty("meta").GetProperty("total_results").GetInt64());
    }

    [Fact]
    public async Task NumberOrder_RequirementsUnmetForThirtyDays_FailsAndNumbersGoBackToStock()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var buyer = await Service.NewAccountAsync();
        var order = (await PostAsync(buyer.Client, "/v2/number_orders", new { phone_numbers = new[] { new { phone_number = "+4920123457005" } } })).GetProperty("data");
        Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await Work.CompletePendingOrdersAsync(CancellationToken.None));
        var done = (await (await buyer.Client.GetAsync($"/v2/number_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("failure", done.Str("status"));
        Assert.Equal("Stock", Assert.Single(await ClaimsOverAsync(4920123457005, 4920123457005)).Kind);
        await RequestTestKit.AssertBalancedAsync(Service, 1000, 0);
    }

    [Fact]
    public async Task NumberOrder_OneNumberNotForSale_RefusesTheWholeOrder()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var buyer = await Service.NewAccountAsync();
        await (await buyer.Client.PostAsync("/v2/number_orders", Json.Body("""{"phone_numbers": [{"phone_number": "+4920123457005"}, {"phone_number": "+4930123457005"}]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/1/phone_number", "number.not_for_sale");
        Assert.Equal("Stock", Assert.Single(await ClaimsOverAsync(4920123457005, 4920123457005)).Kind);
        Assert.Equal(0, await Service.WithDbAsync(db => db.NumberOrders.CountAsync()));
    }

    [Fact]
    public async Task Reservation_HeldNumber_IsOfferedToNoOneElseExtendsThenExpiresBackToStock()
    {
        await RequestTestKit.LoadStockAsync(Service, "+4920123457000", "+4920123457001", city: "Essen");
        var holder = await Service.NewAccountAsync("holder");
        var other = await Service.NewAccountAsync("other");
        var reservation = (await PostAsync(holder.Client, "/v2/number_reservations", new
        {
            phone_numbers = new[] { new { phone_number = "+4920123457000" }, new { phone_number = "+4930123457000" } },
        })).GetProperty("data");
        Assert.Equal("success", reservation.Str("status"));
        var numbers = reservation.GetProperty("phone_numbers");
        Assert.Equal("success", numbers[0].Str("status"));
        Assert.Equal("failure", numbers[1].Str("status"));
        Assert.Equal(Clock.GetUtcNow().AddMinutes(30), numbers[0].GetProperty("expired_at").GetDateTimeOffset());

        // Nobody else gets it: not another account's reservation, order or block search, not a CM.com request.
        var refused = (await PostAsync(other.Client, "/v2/number_reservations", new { phone_numbers = new[] { new { phone_number = "+4920123457000" } } })).GetProperty("data");
        Assert.Equal("failure", refused.Str("status"));
        await (await other.Client.PostAsync("/v2/number_orders", Json.Body("""{"phone_numbers": [{"phone_number": "+4920123457000", "requirement_group_id": "g"}]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0/phone_number", "ledger.number_held");
        using var cm = RequestTestKit.CmClient(Service, other);
        var request = await RequestTestKit.CreateRequestAsync(cm, other, new { quantity = 2, numberType = "local", areaCode = "201", countryCode = "DE" });
        Assert.Equal("accepted", request.Str("status")); // only +…001 of the two is in stock

        Clock.Advance(TimeSpan.FromMinutes(20));
        var extended = (await PostAsync(holder.Client, $"/v2/number_reservations/{reservation.Str("id")}/actions/extend", new { })).GetProperty("data");
        Assert.Equal(Clock.GetUtcNow().AddMinutes(30), extended.GetProperty("phone_numbers")[0].GetProperty("expired_at").GetDateTimeOffset());
        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await Work.ExpireReservationsAsync(CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Work.ExpireReservationsAsync(CancellationToken.None));
        Assert.Equal("Stock", Assert.Single(await ClaimsOverAsync(4920123457000, 4920123457000)).Kind);
        var after = (await (await holder.Client.GetAsync($"/v2/number_reservations/{reservation.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("failure", after.GetProperty("phone_numbers")[0].Str("status"));
        await (await holder.Client.PostAsync($"/v2/number_reservations/{reservation.Str("id")}/actions/extend", null))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "reservation.not_extendable");
        // Back in stock, the number serves the waiting CM.com request.
        await RunFulfilmentAsync();
        Assert.True(await RequestTestKit.UntilStatusAsync(cm, other, request.Str("numberRequestId"), "completed"));
        await RequestTestKit.AssertBalancedAsync(Service, 2, 2);
    }

    [Fact]
    public async Task Reservation_OrderedByTheHolder_MovesFromTheReservationToTheOrder()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var holder = await Service.NewAccountAsync();
        var reservation = (await PostAsync(holder.Client, "/v2/number_reservations", new { phone_numbers = new[] { new { phone_number = "+4920123457007" } } })).GetProperty("data");
        var order = (await PostAsync(holder.Client, "/v2/number_orders",
            new { phone_numbers = new[] { new { phone_number = "+4920123457007", requirement_group_id = "g-1" } } })).GetProperty("data");
        var claim = Assert.Single(await ClaimsOverAsync(4920123457007, 4920123457007));
        Assert.Equal(("NumberOrder", holder.Id), (claim.Kind, claim.Account));
        var after = (await (await holder.Client.GetAsync($"/v2/number_reservations/{reservation.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("success", after.GetProperty("phone_numbers")[0].Str("status"));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await Work.ExpireReservationsAsync(CancellationToken.None));
        Assert.Equal(1, await Work.CompletePendingOrdersAsync(CancellationToken.None));
        Assert.Equal("Account", Assert.Single(await ClaimsOverAsync(4920123457007, 4920123457007)).Kind);
        Assert.Equal("success", (await (await holder.Client.GetAsync($"/v2/number_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("status"));
        await RequestTestKit.AssertBalancedAsync(Service, 1000, 1);
    }

    [Fact]
    public async Task InexplicitOrder_EmptyStockThenStockArrives_FulfilledByTheRequestEngine()
    {
        var buyer = await Service.NewAccountAsync();
        var order = (await PostAsync(buyer.Client, "/v2/inexplicit_number_orders", new
        {
            ordering_groups = new object[]
            {
                new { country_iso = "US", count_requested = "3", phone_number_type = "local", national_destination_code = "312" },
                new { country_iso = "US", count_requested = "3", phone_number_type = "local", national_destination_code = "312", strategy = "never" },
            },
        })).GetProperty("data");
        var groups = order.GetProperty("ordering_groups");
        Assert.Equal("pending", groups[0].Str("status"));
        Assert.Equal("failed", groups[1].Str("status"));

        await RequestTestKit.LoadStockAsync(Service, "+13125550200", "+13125550299", region: "IL");
        await RunFulfilmentAsync();
        var done = (await (await buyer.Client.GetAsync($"/v2/inexplicit_number_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        var group = done.GetProperty("ordering_groups")[0];
        Assert.Equal("success", group.Str("status"));
        Assert.Equal(3, group.GetProperty("count_allocated").GetInt32());
        var placed = Assert.Single(group.GetProperty("orders").EnumerateArray()).Str("number_order_id");
        var numberOrder = (await (await buyer.Client.GetAsync($"/v2/number_orders/{placed}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("success", numberOrder.Str("status"));
        Assert.Equal(3, numberOrder.GetProperty("phone_numbers_count").GetInt32());
        Assert.All(await ClaimsOverAsync(13125550200, 13125550202), c => Assert.Equal(("Account", buyer.Id), (c.Kind, c.Account)));
        await RequestTestKit.AssertBalancedAsync(Service, 100, 3);
    }

    [Fact]
    public async Task AdvancedOrder_ServedAtOnceFromStock_IsOrderedWithItsNumberOrder()
    {
        await RequestTestKit.LoadStockAsync(Service, "+13125550200", "+13125550299", region: "IL");
        var buyer = await Service.NewAccountAsync();
        var order = await PostAsync(buyer.Client, "/v2/advanced_orders", new { area_code = "312", quantity = 2 });
        Assert.Equal("ordered", order.GetProperty("status")[0].GetString());
        Assert.Single(order.GetProperty("orders").EnumerateArray());
        var patched = await (await buyer.Client.PatchAsync($"/v2/advanced_orders/{order.Str("id")}/requirement_group",
            Json.Body("""{"requirement_group_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("3fa85f64-5717-4562-b3fc-2c963f66afa6", patched.Str("requirement_group_id"));
        await (await buyer.Client.PatchAsync($"/v2/advanced_orders/{order.Str("id")}/requirement_group", Json.Body("""{"quantity": 5}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/quantity");
        await (await buyer.Client.PostAsync("/v2/advanced_orders", Json.Body("""{"features": ["sms"]}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/features/0", "ordering.criterion_not_supported");
        var list = await (await buyer.Client.GetAsync("/v2/advanced_orders")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task NumberOrder_SameIdempotencyKey_CreatesOneOrder()
    {
        await RequestTestKit.LoadStockAsync(Service, StockStart, StockEnd, city: "Essen");
        var buyer = await Service.NewAccountAsync();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/number_orders")
            {
                Content = Json.Body("""{"phone_numbers": [{"phone_number": "+4920123457009", "requirement_group_id": "g"}]}"""),
            };
            request.Headers.Add("Idempotency-Key", "order-once-1");
            ids.Add((await (await buyer.Client.SendAsync(request)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("id"));
        }
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, await Service.WithDbAsync(db => db.NumberOrders.CountAsync()));
    }
}

public sealed class TelnyxOrderingSqliteTests() : TelnyxOrderingTests(TestDatabase.Sqlite);

public sealed class TelnyxOrderingPostgresTests() : TelnyxOrderingTests(TestDatabase.Postgres);
