using System.Net;
using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Admin;

/// <summary>
/// The operator API as an adapter: its lists page and filter through the kernel's query reader (and refuse what they
/// do not read), its bodies are read into records (and refuse what those do not have), and every refusal is an
/// RFC 9457 problem naming where it is.
/// </summary>
public abstract class OperatorApiTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await TestServices.CreateAsync(database);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Accounts_List_PagesWithMetaOldestFirst()
    {
        var names = new[] { "First", "Second", "Third" };
        foreach (var name in names) await _service.NewAccountAsync(name);
        using var op = _service.Operator();

        var second = await (await op.GetAsync("/admin/v1/accounts?page[size]=2&page[number]=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Third", Assert.Single(second.GetProperty("data").EnumerateArray()).Str("name"));
        var meta = second.GetProperty("meta");
        Assert.Equal((2, 2, 2, 3L), (meta.GetProperty("page_number").GetInt32(), meta.GetProperty("page_size").GetInt32(),
            meta.GetProperty("total_pages").GetInt32(), meta.GetProperty("total_results").GetInt64()));
    }

    [Theory]
    [InlineData("/admin/v1/accounts?fitler[status]=draft", "fitler[status]", "unknown_parameter")]
    [InlineData("/admin/v1/porting_orders?filter[stauts]=draft", "filter[stauts]", "unknown_parameter")]
    [InlineData("/admin/v1/porting_orders?filter[status]=done", "filter[status]", "invalid_parameter")]
    [InlineData("/admin/v1/number_requests?filter[account_id]=42", "filter[account_id]", "invalid_parameter")]
    [InlineData("/admin/v1/outbox?page[size]=251", "page[size]", "invalid_parameter")]
    [InlineData("/admin/v1/stock/audit?verbose=true", "verbose", "unknown_parameter")]
    public async Task Query_UnknownOrBrokenParameter_Is422ProblemNamingIt(string path, string parameter, string code)
    {
        using var op = _service.Operator();
        var response = await op.GetAsync(path);
        var problem = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, parameter, code);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Stock_FilterStyles_AllMeanAnyOf()
    {
        await LoadStockAsync(_service, "+4920123456000", "+4920123456099", areaCode: "201");
        await LoadStockAsync(_service, "+4915112345600", "+4915112345699", type: "mobile");
        using var op = _service.Operator();

        async Task<int> CountAsync(string query) =>
            (await (await op.GetAsync("/admin/v1/stock?" + query)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength();

        Assert.Equal(1, await CountAsync("filter[number_type]=mobile"));
        Assert.Equal(1, await CountAsync("filter[number_type][eq]=local"));
        Assert.Equal(2, await CountAsync("filter[number_type]=local,mobile"));
        Assert.Equal(2, await CountAsync("filter[number_type][in][]=local&filter[number_type][in][]=mobile"));
        Assert.Equal(1, await CountAsync("filter[area_code][in]=201,202"));
        Assert.Equal(0, await CountAsync("filter[country_code]=US"));
    }

    [Theory]
    [InlineData("""{"name": "Acme", "nmae": "Acme"}""", "/nmae", "unknown_field")]
    [InlineData("""{"name": 5}""", "/name", "invalid_type")]
    [InlineData("""{"name": "   "}""", "/name", "invalid_value")]
    [InlineData("""{}""", "/name", "required")]
    [InlineData("""[]""", "", "invalid_type")]
    public async Task Body_MemberOutsideTheRecordOrItsRules_Is422NamingItsPointer(string body, string pointer, string code)
    {
        using var op = _service.Operator();
        var response = await op.PostAsync("/admin/v1/accounts", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer, code);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_NotJson_Is400Problem()
    {
        using var op = _service.Operator();
        var response = await op.PostAsync("/admin/v1/accounts", Json.Body("""{"name": "Acme" """));
        var problem = await response.ExpectErrorAsync(HttpStatusCode.BadRequest, reason: "malformed_json");
        Assert.Equal("urn:numberblocks:problem:malformed_json", problem.Str("type"));
    }

    [Fact]
    public async Task NotificationEmail_MemberLeftOut_IsRequired_NullClearsIt()
    {
        var account = await _service.NewAccountAsync();
        using var op = _service.Operator();
        var path = $"/admin/v1/accounts/{account.Id}/notification_email";
        await (await op.PutAsync(path, Json.Body("{}"))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/email", "required");
        var set = await (await op.PutAsync(path, Json.Body("""{"email": "noc@example.com"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("noc@example.com", set.GetProperty("data").Str("email"));
        var cleared = await (await op.PutAsync(path, Json.Body("""{"email": null}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("data").GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task Outbox_ListLeavesPayloadsOut_OneMessageCarriesIt()
    {
        var account = await _service.NewAccountAsync();
        using var op = _service.Operator();
        await (await op.PutAsync($"/admin/v1/accounts/{account.Id}/notification_email", Json.Body("""{"email": "noc@example.com"}"""))).ExpectAsync(HttpStatusCode.OK);
        using var cm = CmClient(_service, account);
        var request = await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", city = "Essen", countryCode = "DE" });

        var list = await (await op.GetAsync($"/admin/v1/outbox?filter[account_id]={account.Id}&filter[channel]=email")).ExpectAsync(HttpStatusCode.OK);
        var listed = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.False(listed.TryGetProperty("payload", out _));
        var one = await (await op.GetAsync($"/admin/v1/outbox/{listed.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(request.Str("numberRequestId"), one.GetProperty("data").Str("payload")); // the e-mail's text
    }

    [Fact]
    public async Task NumberRequests_ListCarriesEachRequestsRanges()
    {
        await LoadStockAsync(_service, "+4920123456000", "+4920123456099", areaCode: "201", city: "Essen");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        // Served at once from stock; the second has no stock in its city and waits.
        Assert.Equal("completed", (await CreateRequestAsync(cm, account, new { quantity = 3, numberType = "local", city = "Essen", countryCode = "DE" })).Str("status"));
        await CreateRequestAsync(cm, account, new { quantity = 2, numberType = "local", city = "Nirgendwo", countryCode = "DE" });
        using var op = _service.Operator();

        var list = await (await op.GetAsync($"/admin/v1/number_requests?filter[account_id]={account.Id}")).ExpectAsync(HttpStatusCode.OK);
        var requests = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["completed", "pending"], requests.Select(r => r.Str("status")));
        var range = Assert.Single(requests[0].GetProperty("numberRanges").EnumerateArray());
        Assert.Equal((3L, range.Str("start")), (range.GetProperty("quantity").GetInt64(), requests[0].Str("start")));
        Assert.Empty(requests[1].GetProperty("numberRanges").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, requests[1].GetProperty("start").ValueKind);
    }

    [Fact]
    public async Task Import_ContentTypeIsCheckedAfterTheOperatorKey()
    {
        using var anonymous = _service.CreateClient();
        var response = await anonymous.PostAsync("/admin/v1/stock/import", new StringContent("{}", Encoding.UTF8, "application/json"));
        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized, reason: "unauthorized");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }
}

public sealed class OperatorApiSqliteTests() : OperatorApiTests(TestDatabase.Sqlite);

public sealed class OperatorApiPostgresTests() : OperatorApiTests(TestDatabase.Postgres);
