using System.Net;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// The Telnyx buying operations (available blocks, number block orders, number orders, reservations, inexplicit and
/// advanced orders, the account's bought blocks): a valid request for each, on stock each scenario loads for itself.
/// </summary>
public sealed class TelnyxOrderingScenarios : IScenarioSource
{
    private static int _next;
    /// <summary>Where this run's numbers start, so a rerun on a kept database would not collide with the last one.</summary>
    private static readonly int Salt = Random.Shared.Next(7000);

    private static long Slot() => (Salt + Interlocked.Increment(ref _next)) % 7000 * 1000L;

    /// <summary>A fresh block of 1000 Essen numbers (+49 201 2xxx x000-999) loaded as stock; returns its first number.</summary>
    public static async Task<long> StockAsync(ScenarioContext context)
    {
        var start = 4920122000000 + Slot();
        using var op = context.Operator();
        await ScenarioContext.SendAsync(op, ScenarioContext.Request(HttpMethod.Post, "/admin/v1/stock",
            new { start_at = "+" + start, end_at = "+" + (start + 999), number_type = "local", city = "Essen" }), HttpStatusCode.Created);
        return start;
    }

    /// <summary>Chicago numbers (+1 312 2xx x000-999, region IL) for the orders by criteria, which Telnyx offers in US and CA.</summary>
    private static async Task StockUsAsync(ScenarioContext context)
    {
        var start = 13122000000 + Slot();
        using var op = context.Operator();
        await ScenarioContext.SendAsync(op, ScenarioContext.Request(HttpMethod.Post, "/admin/v1/stock",
            new { start_at = "+" + start, end_at = "+" + (start + 999), number_type = "local", region = "IL" }), HttpStatusCode.Created);
    }

    private static async Task<HttpRequestMessage> Authed(ScenarioContext context, HttpMethod method, string path, object? body = null) =>
        ScenarioContext.Request(method, path, body, (await context.AccountAsync()).ApiKey);

    private static async Task<JsonElement> CreateAsync(ScenarioContext context, string path, object body)
    {
        using var client = await context.TelnyxAsync();
        return await ScenarioContext.SendAsync(client, ScenarioContext.Request(HttpMethod.Post, path, body), HttpStatusCode.OK);
    }

    private static async Task<string> BlockOrderAsync(ScenarioContext context)
    {
        var start = await StockAsync(context);
        return (await CreateAsync(context, "/v2/number_block_orders", new { starting_number = "+" + start, range = 10 })).GetProperty("data").GetProperty("id").GetString()!;
    }

    private static async Task<string> NumberOrderAsync(ScenarioContext context)
    {
        var start = await StockAsync(context);
        return (await CreateAsync(context, "/v2/number_orders", new { phone_numbers = new[] { new { phone_number = "+" + (start + 1) } } }))
            .GetProperty("data").GetProperty("id").GetString()!;
    }

    private static async Task<string> ReservationAsync(ScenarioContext context)
    {
        var start = await StockAsync(context);
        return (await CreateAsync(context, "/v2/number_reservations", new { phone_numbers = new[] { new { phone_number = "+" + (start + 2) } } }))
            .GetProperty("data").GetProperty("id").GetString()!;
    }

    private static async Task<string> AdvancedAsync(ScenarioContext context)
    {
        await StockUsAsync(context);
        return (await CreateAsync(context, "/v2/advanced_orders", new { area_code = "312", quantity = 1 })).GetProperty("id").GetString()!;
    }

    public IEnumerable<Scenario> Scenarios()
    {
        yield return new Scenario("ListAvailablePhoneNumberBlocks", HttpStatusCode.OK, async c =>
        {
            await StockAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/available_phone_number_blocks?filter[country_code]=DE&filter[locality]=Essen&filter[phone_number_type]=local");
        });
        yield return new Scenario("CreateNumberBlockOrder", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Post, "/v2/number_block_orders", new { starting_number = "+" + await StockAsync(c), range = 100, customer_reference = "contract" }));
        yield return new Scenario("ListNumberBlockOrders", HttpStatusCode.OK, async c =>
        {
            await BlockOrderAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/number_block_orders?page[size]=5&filter[status]=pending");
        });
        yield return new Scenario("RetrieveNumberBlockOrder", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Get, "/v2/number_block_orders/" + await BlockOrderAsync(c)));
        yield return new Scenario("ListPhoneNumberBlocks", HttpStatusCode.OK, async c =>
        {
            await BlockOrderAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/phone_number_blocks");
        });
        yield return new Scenario("RetrievePhoneNumberBlock", HttpStatusCode.OK, async c =>
        {
            var id = await BlockOrderAsync(c);
            using var client = await c.TelnyxAsync();
            // The ordering worker completes the order within a second or two.
            for (var i = 0; i < 100; i++)
            {
                var order = await ScenarioContext.SendAsync(client, ScenarioContext.Request(HttpMethod.Get, "/v2/number_block_orders/" + id), HttpStatusCode.OK);
                if (order.GetProperty("data").GetProperty("status").GetString() == "success") break;
                await Task.Delay(100);
            }
            return await Authed(c, HttpMethod.Get, "/v2/phone_number_blocks/" + id);
        });
        yield return new Scenario("CreateNumberOrder", HttpStatusCode.OK, async c =>
        {
            var start = await StockAsync(c);
            return await Authed(c, HttpMethod.Post, "/v2/number_orders", new
            {
                customer_reference = "contract",
                phone_numbers = new object[] { new { phone_number = "+" + start }, new { phone_number = "+" + (start + 1), requirement_group_id = "grp" } },
            });
        });
        yield return new Scenario("ListNumberOrders", HttpStatusCode.OK, async c =>
        {
            await NumberOrderAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/number_orders?filter[requirements_met]=false");
        });
        yield return new Scenario("RetrieveNumberOrder", HttpStatusCode.OK, async c => await Authed(c, HttpMethod.Get, "/v2/number_orders/" + await NumberOrderAsync(c)));
        yield return new Scenario("UpdateNumberOrder", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Patch, "/v2/number_orders/" + await NumberOrderAsync(c), new { customer_reference = "changed" }));
        yield return new Scenario("CreateNumberReservation", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Post, "/v2/number_reservations", new { phone_numbers = new[] { new { phone_number = "+" + (await StockAsync(c) + 3) } } }));
        yield return new Scenario("ListNumberReservations", HttpStatusCode.OK, async c =>
        {
            await ReservationAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/number_reservations?filter[status]=success");
        });
        yield return new Scenario("RetrieveNumberReservation", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Get, "/v2/number_reservations/" + await ReservationAsync(c)));
        yield return new Scenario("ExtendNumberReservationExpiryTime", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Post, $"/v2/number_reservations/{await ReservationAsync(c)}/actions/extend"));
        yield return new Scenario("CreateInexplicitNumberOrder", HttpStatusCode.OK, async c =>
        {
            await StockUsAsync(c);
            return await Authed(c, HttpMethod.Post, "/v2/inexplicit_number_orders", new
            {
                ordering_groups = new[] { new { country_iso = "US", count_requested = "2", phone_number_type = "local", national_destination_code = "312" } },
            });
        });
        yield return new Scenario("ListInexplicitNumberOrders", HttpStatusCode.OK, async c =>
        {
            await CreateAsync(c, "/v2/inexplicit_number_orders", new { ordering_groups = new[] { new { country_iso = "CA", count_requested = "1", phone_number_type = "local" } } });
            return await Authed(c, HttpMethod.Get, "/v2/inexplicit_number_orders?page_size=5");
        });
        yield return new Scenario("RetrieveInexplicitNumberOrder", HttpStatusCode.OK, async c =>
        {
            var order = await CreateAsync(c, "/v2/inexplicit_number_orders", new { ordering_groups = new[] { new { country_iso = "CA", count_requested = "1", phone_number_type = "local" } } });
            return await Authed(c, HttpMethod.Get, "/v2/inexplicit_number_orders/" + order.GetProperty("data").GetProperty("id").GetString());
        });
        yield return new Scenario("create_advanced_order_v2", HttpStatusCode.OK, async c =>
        {
            await StockUsAsync(c);
            return await Authed(c, HttpMethod.Post, "/v2/advanced_orders", new { area_code = "312", quantity = 2, comments = "contract" });
        });
        yield return new Scenario("list_advanced_orders_v2", HttpStatusCode.OK, async c =>
        {
            await AdvancedAsync(c);
            return await Authed(c, HttpMethod.Get, "/v2/advanced_orders");
        });
        yield return new Scenario("get_advanced_order_v2", HttpStatusCode.OK, async c => await Authed(c, HttpMethod.Get, "/v2/advanced_orders/" + await AdvancedAsync(c)));
        yield return new Scenario("update_advanced_order_v2", HttpStatusCode.OK, async c =>
            await Authed(c, HttpMethod.Patch, $"/v2/advanced_orders/{await AdvancedAsync(c)}/requirement_group",
                new { requirement_group_id = "3fa85f64-5717-4562-b3fc-2c963f66afa6" }));
    }
}
