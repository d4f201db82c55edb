using System.Net;
using System.Net.Http.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// Input that one database stores and the other refuses must get the same clear 4xx on both (issue 3: PostgreSQL
/// text cannot hold NUL, SQLite can; neither may turn it into a 500).
/// </summary>
public abstract class ProviderParityTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await TestServices.CreateAsync(database);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Theory]
    [InlineData("customer_reference")]
    [InlineData("customer_group_reference")]
    public async Task CreateOrder_TextWithNulCharacter_Is422NamingTheField(string field)
    {
        var account = await _service.NewAccountAsync();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(
            $$"""{"phone_numbers": ["+4930244999980"], "{{field}}": "ref\u0000x"}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/" + field);
    }

    [Fact]
    public async Task UpdateOrder_TextWithNulCharacter_Is422AndChangesNothing()
    {
        var account = await _service.NewAccountAsync();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999981"], "customer_reference": "kept"}"""));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        var patched = await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body("""{"customer_reference": "\u0000"}"""));
        await patched.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/customer_reference");
        var order = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("kept", order.GetProperty("data").Str("customer_reference"));
    }

    [Theory]
    [InlineData("customer_reference")]
    [InlineData("customer_group_reference")]
    [InlineData("phone_numbers.country_code")]
    public async Task ListOrders_FilterWithNulCharacter_Is422NamingTheParameter(string field)
    {
        var account = await _service.NewAccountAsync();
        var response = await account.Client.GetAsync($"/v2/porting_orders?filter[{field}]=a%00b");
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, $"filter[{field}]");
    }

    [Fact]
    public async Task CreateOrder_HundredsOfScatteredSingleNumbers_ClaimsEachOnce()
    {
        // 300 numbers 1000 apart touch 300 ledger neighbourhoods: more than PostgreSQL's claims lock up front (64).
        var account = await _service.NewAccountAsync();
        var numbers = Enumerable.Range(0, 300).Select(i => $"+{4920130000000L + i * 1000L}").ToArray();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body(System.Text.Json.JsonSerializer.Serialize(new { phone_numbers = numbers })));
        var order = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
        Assert.Equal(300, order.GetProperty("porting_phone_numbers_count").GetInt32());
        var (claims, overlaps) = await _service.WithDbAsync(async db => (
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.LedgerClaims),
            await NumberBlocks.Data.Ledger.NumberLedger.CountOverlapsAsync(db, CancellationToken.None)));
        Assert.Equal(300, claims);
        Assert.Equal(0L, overlaps);

        var other = await _service.NewAccountAsync();
        var taken = await other.Client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_numbers": ["+4920130000000", "{{numbers[^1]}}"]}"""));
        var error = await taken.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0", "ledger.number_held");
        Assert.Contains("+4920130000000", error.GetProperty("errors")[0].Str("detail"));
    }

    [Fact]
    public async Task CreateAccount_NameWithNulCharacter_Is422NamingTheField()
    {
        using var op = _service.Operator();
        var response = await op.PostAsync("/admin/v1/accounts", Json.Body("""{"name": "Acme\u0000"}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/name");
    }

    [Fact]
    public async Task UpdateOrder_FarFutureAndOffsetInstants_AreStoredAsUtc()
    {
        var account = await _service.NewAccountAsync();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999982"]}"""));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        var patched = await account.Client.PatchAsJsonAsync($"/v2/porting_orders/{id}",
            new { activation_settings = new { foc_datetime_requested = "9999-12-31T23:59:59+02:00" } });
        var data = (await patched.ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("9999-12-31T21:59:59.000Z", data.GetProperty("activation_settings").Str("foc_datetime_requested"));
    }
}

public sealed class ProviderParitySqliteTests() : ProviderParityTests(TestDatabase.Sqlite);

public sealed class ProviderParityPostgresTests() : ProviderParityTests(TestDatabase.Postgres);
