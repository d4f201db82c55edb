using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>
/// A valid request to one documented operation and the status it must answer. <see cref="Prepare"/> makes what the
/// request needs through the API itself (an account, an order, …) and returns the request; the driver sends it and
/// validates the answer against the document.
/// </summary>
public sealed record Scenario(string OperationId, HttpStatusCode Expected, Func<ScenarioContext, Task<HttpRequestMessage>> Prepare)
{
    public override string ToString() => $"{OperationId} → {(int)Expected}";
}

/// <summary>What scenarios share: the service, and one account made for them (more can be made).</summary>
public sealed class ScenarioContext(ServiceHost service)
{
    private (Guid Id, string ApiKey)? _account;

    public ServiceHost Service => service;

    /// <summary>An account of the run's own, made on first use.</summary>
    public async Task<(Guid Id, string ApiKey)> AccountAsync() => _account ??= await service.NewAccountAsync("Contract tests");

    /// <summary>The account's client with Telnyx-style Bearer authentication.</summary>
    public async Task<HttpClient> TelnyxAsync() => service.Client((await AccountAsync()).ApiKey);

    public HttpClient Operator() => service.Operator();

    public static HttpRequestMessage Request(HttpMethod method, string path, object? json = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json as string ?? JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    /// <summary>Sends <paramref name="request"/> with <paramref name="client"/> and returns the JSON body, failing on another status.</summary>
    public static async Task<JsonElement> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Scenarios of one surface; each surface's file lists one for every operation it documents.</summary>
public interface IScenarioSource
{
    IEnumerable<Scenario> Scenarios();
}
