using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Admin;

/// <summary>GET /admin/v1/numbers/{e164}/history: who held a number when, oldest first, with ?at= for one instant.</summary>
public abstract class NumberHistoryApiTests(TestDatabase database)
{
    [Fact]
    public async Task History_StockThenAnAccount_PeriodsInOrder_AndAtAnswersTheHolderThen()
    {
        await using var service = await TestServices.CreateAsync(database);
        var account = await service.NewAccountAsync();
        using var cm = CmClient(service, account);
        await LoadStockAsync(service, "+4920123456000", "+4920123456999", areaCode: "201", city: "Essen");
        var created = await CreateRequestAsync(cm, account, new { quantity = 5, numberType = "local", areaCode = "201", city = "Essen", countryCode = "DE" });
        var requestId = created.GetProperty("numberRequestId").GetString()!;
        Assert.True(await UntilStatusAsync(cm, account, requestId, "completed"));
        var first = (await GetRequestAsync(cm, account, requestId)).GetProperty("start").GetString()!;

        using var op = service.Operator();
        var history = await GetAsync(op, $"/admin/v1/numbers/{Uri.EscapeDataString(first)}/history");
        var periods = history.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["stock", "account"], periods.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, periods[0].GetProperty("account_id").ValueKind);
        Assert.Equal(account.Id.ToString(), periods[1].GetProperty("account_id").GetString());
        Assert.Equal("transferred", periods[0].GetProperty("end_reason").GetString());
        Assert.Equal(periods[0].GetProperty("to").GetString(), periods[1].GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, periods[1].GetProperty("to").ValueKind);

        var from = periods[0].GetProperty("from").GetDateTimeOffset();
        var during = await GetAsync(op, $"/admin/v1/numbers/{Uri.EscapeDataString(first)}/history?at={Uri.EscapeDataString(from.ToString("O"))}");
        Assert.Equal("stock", Assert.Single(during.GetProperty("data").EnumerateArray()).GetProperty("kind").GetString());
        var before = await GetAsync(op, $"/admin/v1/numbers/{Uri.EscapeDataString(first)}/history?at={Uri.EscapeDataString(from.AddSeconds(-1).ToString("O"))}");
        Assert.Empty(before.GetProperty("data").EnumerateArray());
        // A number nobody ever held: an empty history, not 404.
        Assert.Empty((await GetAsync(op, "/admin/v1/numbers/%2B4930555000000/history")).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("/admin/v1/numbers/4920123456000/history", "e164")]
    [InlineData("/admin/v1/numbers/%2B4920123456000/history?at=yesterday", "at")]
    [InlineData("/admin/v1/numbers/%2B4920123456000/history?since=2026-01-01T00:00:00Z", "since")]
    public async Task History_BadNumberOrInstantOrUnknownParameter_Is422NamingIt(string path, string parameter)
    {
        await using var service = await TestServices.CreateAsync(database);
        using var op = service.Operator();
        var response = await op.GetAsync(path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed class NumberHistoryApiSqliteTests() : NumberHistoryApiTests(TestDatabase.Sqlite);

public sealed class NumberHistoryApiPostgresTests() : NumberHistoryApiTests(TestDatabase.Postgres);
