using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Bench;

/// <summary>The few API calls the benchmarks make, over real HTTP.</summary>
public sealed class ApiClient(string baseUrl, string apiKey) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = new Uri(baseUrl), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) } };
    public string ApiKey { get; } = apiKey;

    public static async Task<ApiClient> NewAccountAsync(string baseUrl)
    {
        using var op = new HttpClient { BaseAddress = new Uri(baseUrl) };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.OperatorKey);
        var response = await op.PostAsJsonAsync("/admin/v1/accounts", new { name = "bench" });
        response.EnsureSuccessStatusCode();
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("api_key").GetString()!;
        return new ApiClient(baseUrl, key);
    }

    public async Task<string> CreateOrderAsync(string json)
    {
        var response = await Http.PostAsync("/v2/porting_orders", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Create order failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;
    }

    public static string Block(long start, int count, int activeCount) =>
        $$"""{"phone_number_range": {"start_at": "+{{start}}", "end_at": "+{{start + count - 1}}"}, "activation_ranges": [{"start_at": "+{{start}}", "end_at": "+{{start + activeCount - 1}}"}]}""";

    public void Dispose() => Http.Dispose();
}
