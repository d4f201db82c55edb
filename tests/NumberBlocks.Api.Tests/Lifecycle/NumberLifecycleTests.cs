using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Telnyx.Ordering;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Requests;
using NumberBlocks.Api.Workers;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Ledger;

namespace NumberBlocks.Api.Tests.Lifecycle;

/// <summary>
/// docs/lifecycle.md: a number of a block is deleted only with its block, by a Telnyx block deletion job; a ported-in
/// number returns to its range holder; a bought number of our stock ages in quarantine and returns to stock — every move
/// through the ledger, recorded in its history.
/// </summary>
public abstract class NumberLifecycleTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory Service = null!;
    private readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        Service.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // The tests run the ordering and aging passes themselves.
            foreach (var worker in services.Where(d => d.ImplementationType == typeof(OrderingWorker) || d.ImplementationType == typeof(AgingWorker)).ToList())
                services.Remove(worker);
        };
        _ = Service.Server;
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // Seed 001, Example 2: +4920123456000-099, active 000-064 and 087; and one single number beside it.
    private const string PortingOrder = """
        {"phone_numbers": ["+4930244999950"],
         "phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
           "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"}]}]}
        """;

    private async Task<string> PortAsync(TestAccount account)
    {
        using var op = Service.Operator();
        var order = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body(PortingOrder))).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        var id = order.Str("id");
        (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).EnsureSuccessStatusCode();
        foreach (var status in new object[] { new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-12-01T08:00:00Z" }, new { status = "ported" } })
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{id}/status", status)).EnsureSuccessStatusCode();
        }
        return id;
    }

    private static async Task<List<JsonElement>> NumbersAsync(TestAccount account) =>
        (await (await account.Client.GetAsync("/v2/phone_numbers?page[size]=250")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();

    private async Task<List<JsonElement>> HistoryAsync(string number)
    {
        using var op = Service.Operator();
        return (await (await op.GetAsync($"/admin/v1/numbers/{Uri.EscapeDataString(number)}/history")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data").EnumerateArray().ToList();
    }

    private static Task<HttpResponseMessage> DeleteBlockAsync(TestAccount account, string blockId) =>
        account.Client.PostAsync("/v2/phone_number_blocks/jobs/delete_phone_number_block", Json.Body($$"""{"phone_number_block_id": "{{blockId}}"}"""));

    private async Task<(long Start, long End, HolderKind Kind)[]> ClaimsOverAsync(long start, long end) =>
        await Service.WithDbAsync(async db => (await NumberLedger.OverlapsAsync(db, start, end, CancellationToken.None)).Select(c => (c.Start, c.End, c.Kind)).ToArray());

    [Fact]
    public async Task PortedBlock_SingleDeleteRefusedNamingTheBlock_JobDeletesAllAndTheyReturnToTheRangeHolder()
    {
        var account = await Service.NewAccountAsync();
        var other = await Service.NewAccountAsync("other");
        await PortAsync(account);
        var numbers = await NumbersAsync(account);
        Assert.Equal(101, numbers.Count);
        var inBlock = numbers.First(n => n.Str("phone_number") == "+4920123456007");
        var blockId = inBlock.Str("block_reference_id");
        var single = numbers.Single(n => n.Str("phone_number") == "+4930244999950");

        var refused = await (await account.Client.DeleteAsync($"/v2/phone_numbers/{inBlock.Str("id")}"))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "phone_number.in_block");
        var detail = refused.GetProperty("errors")[0].Str("detail");
        Assert.Contains(blockId, detail);
        Assert.Contains("/v2/phone_number_blocks/jobs/delete_phone_number_block", detail);
        // Another account's number is not found.
        await (await other.Client.DeleteAsync($"/v2/phone_numbers/{single.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var deleted = (await (await account.Client.DeleteAsync($"/v2/phone_numbers/{single.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("+4930244999950", deleted.Str("phone_number"));
        await (await account.Client.GetAsync($"/v2/phone_numbers/{single.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var singleHistory = await HistoryAsync("+4930244999950");
        Assert.Equal(["porting_order", "account"], singleHistory.Select(h => h.Str("kind")));
        Assert.Equal("returned_to_range_holder", singleHistory[^1].Str("end_reason"));
        Assert.Empty(await ClaimsOverAsync(4930244999950, 4930244999950));

        // Another account cannot delete the block; the owner can, and every number goes.
        await (await DeleteBlockAsync(other, blockId)).ExpectErrorAsync(HttpStatusCode.NotFound);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var job = (await (await DeleteBlockAsync(account, blockId)).ExpectAsync(HttpStatusCode.Accepted)).GetProperty("data");
        Assert.Equal("completed", job.Str("status"));
        Assert.Equal("delete_phone_number_block", job.Str("type"));
        Assert.Equal(100, job.GetProperty("successful_operations").GetArrayLength());
        Assert.Empty(job.GetProperty("failed_operations").EnumerateArray());
        Assert.Contains(job.GetProperty("successful_operations").EnumerateArray(), o => o.Str("id") == inBlock.Str("id") && o.Str("phone_number") == "+4920123456007");
        Assert.Empty(await NumbersAsync(account));
        Assert.Empty(await ClaimsOverAsync(4920123456000, 4920123456099));
        Assert.Equal(0, await Service.WithDbAsync(db => db.StockRanges.CountAsync(s => s.RangeEnd >= 4920123456000 && s.RangeStart <= 4920123456099)));
        var history = await HistoryAsync("+4920123456050");
        Assert.Equal(["porting_order", "account"], history.Select(h => h.Str("kind")));
        Assert.Equal("returned_to_range_holder", history[^1].Str("end_reason"));

        // The job is recorded; a second run finds nothing left to delete.
        var got = (await (await account.Client.GetAsync($"/v2/phone_number_blocks/jobs/{job.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(job.Str("id"), got.Str("id"));
        await (await other.Client.GetAsync($"/v2/phone_number_blocks/jobs/{job.Str("id")}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var completed = await (await account.Client.GetAsync("/v2/phone_number_blocks/jobs?filter[status]=completed&filter[type]=delete_phone_number_block")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, completed.GetProperty("meta").GetProperty("total_results").GetInt64());
        var failed = await (await account.Client.GetAsync("/v2/phone_number_blocks/jobs?filter[status]=failed")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(failed.GetProperty("data").EnumerateArray());
        await (await DeleteBlockAsync(account, blockId)).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}", "/phone_number_block_id")]
    [InlineData("""{"phone_number_block_id": "block-1"}""", "/phone_number_block_id")]
    [InlineData("""{"phone_number_block_id": 5}""", "/phone_number_block_id")]
    public async Task DeleteBlockJob_BadBody_Is422NamingTheField(string body, string pointer)
    {
        var account = await Service.NewAccountAsync();
        await (await account.Client.PostAsync("/v2/phone_number_blocks/jobs/delete_phone_number_block", Json.Body(body)))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    [Theory]
    [InlineData("filter[status]=done", "filter[status]")]
    [InlineData("filter[type]=delete_everything", "filter[type]")]
    [InlineData("sort=updated_at", "sort")]
    [InlineData("colour=red", "colour")]
    public async Task ListJobs_BadParameter_Is422NamingIt(string query, string parameter)
    {
        var account = await Service.NewAccountAsync();
        var body = await (await account.Client.GetAsync("/v2/phone_number_blocks/jobs?" + query)).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.TryGetProperty("source", out var s) && s.Str("parameter") == parameter);
    }

    [Fact]
    public async Task BoughtBlock_DeletedAgesInQuarantine_ReturnsToStockAfter90Days_AndSellsAgain()
    {
        await RequestTestKit.LoadStockAsync(Service, "+4920123457000", "+4920123457999", city: "Essen");
        var buyer = await Service.NewAccountAsync("buyer");
        var work = Service.Services.GetRequiredService<OrderingWork>();
        var order = (await (await buyer.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4920123457000", "range": 10}""")))
            .ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(1, await work.CompletePendingOrdersAsync(CancellationToken.None));
        var numbers = await NumbersAsync(buyer);
        Assert.Equal(10, numbers.Count);
        await (await buyer.Client.DeleteAsync($"/v2/phone_numbers/{numbers[3].Str("id")}"))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "phone_number.in_block");

        Clock.Advance(TimeSpan.FromHours(1));
        var job = (await (await DeleteBlockAsync(buyer, order.Str("id"))).ExpectAsync(HttpStatusCode.Accepted)).GetProperty("data");
        Assert.Equal("completed", job.Str("status"));
        Assert.Equal(10, job.GetProperty("successful_operations").GetArrayLength());
        Assert.Empty(await NumbersAsync(buyer));
        Assert.All(await ClaimsOverAsync(4920123457000, 4920123457009), c => Assert.Equal(HolderKind.Quarantine, c.Kind));
        // In quarantine the numbers are offered to no one.
        await (await buyer.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4920123457000", "range": 10}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/starting_number");

        var scopes = Service.Services.GetRequiredService<IServiceScopeFactory>();
        Clock.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0, await AgingWorker.ReturnDueAsync(scopes, Clock, CancellationToken.None));
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(10, await AgingWorker.ReturnDueAsync(scopes, Clock, CancellationToken.None));
        Assert.All(await ClaimsOverAsync(4920123457000, 4920123457009), c => Assert.Equal(HolderKind.Stock, c.Kind));
        await RequestTestKit.AssertBalancedAsync(Service, 1000, 0);

        // Back in stock: another account buys the same block.
        var second = await Service.NewAccountAsync("second");
        await (await second.Client.PostAsync("/v2/number_block_orders", Json.Body("""{"starting_number": "+4920123457000", "range": 10}""")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await work.CompletePendingOrdersAsync(CancellationToken.None));
        Assert.Equal(10, (await NumbersAsync(second)).Count);
        Assert.Empty(await NumbersAsync(buyer));

        var history = await HistoryAsync("+4920123457003");
        Assert.Equal(["stock", "number_order", "account", "quarantine", "stock", "number_order", "account"], history.Select(h => h.Str("kind")));
        Assert.Equal("quarantined", history[2].Str("end_reason"));
        Assert.Equal(second.Id.ToString(), history[^1].Str("account_id"));
        // Consecutive periods meet exactly: no instant with two holders, none lost.
        for (var i = 1; i < history.Count; i++) Assert.Equal(history[i - 1].Str("to"), history[i].Str("from"));
        Assert.Equal(JsonValueKind.Null, history[^1].GetProperty("to").ValueKind);
    }
}

public sealed class NumberLifecycleSqliteTests() : NumberLifecycleTests(TestDatabase.Sqlite);

public sealed class NumberLifecyclePostgresTests() : NumberLifecycleTests(TestDatabase.Postgres);
