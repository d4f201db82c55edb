using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NumberBlocks.Bench;

/// <summary>A bench account on a running service: the operator's client, the account's id and its CM.com client.</summary>
public sealed class CmAccount : IDisposable
{
    public required HttpClient Operator { get; init; }
    public required Guid AccountId { get; init; }
    public required HttpClient Cm { get; init; }

    public static async Task<CmAccount> CreateAsync(ServiceProcess service)
    {
        var op = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.OperatorKey);
        var account = (await (await op.PostAsJsonAsync("/admin/v1/accounts", new { name = "bench" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var cm = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        // CM.com authenticates with the product token header.
        cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", account.GetProperty("api_key").GetString());
        return new CmAccount { Operator = op, AccountId = Guid.Parse(account.GetProperty("id").GetString()!), Cm = cm };
    }

    public void Dispose()
    {
        Operator.Dispose();
        Cm.Dispose();
    }
}
