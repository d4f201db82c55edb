using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Requests;

/// <summary>Helpers for the number request tests: the CM.com client, stock loading, the audit.</summary>
public static class RequestTestKit
{
    public const string Base = "/voice/phonenumberrequestapi/v1";

    /// <summary>A client that authenticates the CM.com way: the API key in X-CM-PRODUCTTOKEN.</summary>
    public static HttpClient CmClient(ServiceFactory service, TestAccount account)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", account.ApiKey);
        return client;
    }

    public static string RequestsUrl(TestAccount account) => $"{Base}/{account.Id}/numberrequests";

    public static async Task<JsonElement> CreateRequestAsync(HttpClient cm, TestAccount account, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await cm.PostAsJsonAsync(RequestsUrl(account), body)).ExpectAsync(expected);

    public static async Task<JsonElement> LoadStockAsync(ServiceFactory service, string start, string end, string type = "local", string? areaCode = null,
        string? city = null, string? region = null)
    {
        using var op = service.Operator();
        var response = await op.PostAsJsonAsync("/admin/v1/stock", new { start_at = start, end_at = end, number_type = type, area_code = areaCode, city, region });
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
    }

    public static async Task<JsonElement> ImportAsync(ServiceFactory service, string body, string mediaType = "text/csv", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var op = service.Operator();
        var response = await op.PostAsync("/admin/v1/stock/import", new StringContent(body, Encoding.UTF8, mediaType));
        return (await response.ExpectAsync(expected)).GetProperty("data");
    }

    public static async Task<JsonElement> AuditAsync(ServiceFactory service)
    {
        using var op = service.Operator();
        return (await (await op.GetAsync("/admin/v1/stock/audit")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
    }

    public static async Task AssertBalancedAsync(ServiceFactory service, long loaded, long assigned)
    {
        var audit = await AuditAsync(service);
        Assert.Equal(loaded, audit.GetProperty("loaded").GetInt64());
        Assert.Equal(assigned, audit.GetProperty("assigned").GetInt64());
        Assert.Equal(loaded - assigned, audit.GetProperty("in_stock").GetInt64());
        Assert.Equal(loaded - assigned, audit.GetProperty("ledger_stock").GetInt64());
        Assert.Equal(0, audit.GetProperty("overlapping_claims").GetInt64());
        Assert.Equal(0, audit.GetProperty("stock_rows_without_claim").GetInt64());
        Assert.True(audit.GetProperty("balanced").GetBoolean());
    }

    /// <summary>Asserts the CM error shape: the status, a message, and the field at fault.</summary>
    public static async Task<JsonElement> ExpectCmErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var body = await response.ExpectAsync(status);
        Assert.False(string.IsNullOrWhiteSpace(body.Str("message")));
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        if (field is not null)
            Assert.True(errors.Any(e => e.GetProperty("field").ValueKind == JsonValueKind.String && e.Str("field") == field),
                $"no error names field '{field}': {body}");
        return body;
    }

    public static async Task<JsonElement> GetRequestAsync(HttpClient cm, TestAccount account, string id) =>
        await (await cm.GetAsync($"{RequestsUrl(account)}/{id}")).ExpectAsync(HttpStatusCode.OK);

    public static Task<bool> UntilStatusAsync(HttpClient cm, TestAccount account, string id, string status) =>
        Eventually.TrueAsync(async () => (await GetRequestAsync(cm, account, id)).Str("status") == status, TimeSpan.FromSeconds(20));
}
