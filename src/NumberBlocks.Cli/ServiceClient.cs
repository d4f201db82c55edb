using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Cli;

/// <summary>The service refused the request: its status and the error it gave, as it gave it.</summary>
public sealed class ServiceRejected(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>What the service answered: status, body (as text and, when it is JSON, parsed) and whether it was a replay.</summary>
public sealed record ServiceAnswer(int Status, string Text, JsonElement Json, bool Replayed);

/// <summary>The service could not be reached at all.</summary>
public sealed class ServiceUnreachable(string message) : Exception(message);

/// <summary>
/// Talks to a running NumberBlocks service over HTTP with the operator key. The CLI never touches the database
/// behind the service's back.
/// </summary>
public sealed class ServiceClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    /// <summary>
    /// A client of the service at <paramref name="url"/> whose idempotent calls are retried (<see cref="CliRetries"/>);
    /// tests pass the handler that reaches their service.
    /// </summary>
    public static ServiceClient Create(string url, string? operatorKey, HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(CliRetries.Handler(handler ?? new SocketsHttpHandler()), disposeHandler: handler is null);
        http.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        http.Timeout = TimeSpan.FromMinutes(10);
        if (!string.IsNullOrEmpty(operatorKey)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        return new ServiceClient(http);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>
    /// Every POST carries a fresh Idempotency-Key (the service honours one on every POST), so a POST whose answer was
    /// lost or refused for a moment (429, 503) is retried safely: the service replays the first answer.
    /// </summary>
    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct)
    {
        var content = body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var answer = await SendRawAsync(HttpMethod.Post, path, content, "nb-cli-" + Guid.NewGuid().ToString("N"), ct);
        if (answer.Status is < 200 or > 299) throw new ServiceRejected(answer.Status, DescribeError((HttpStatusCode)answer.Status, answer.Text));
        return answer.Json;
    }

    public Task<JsonElement> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        var answer = await SendRawAsync(method, path, content, null, ct);
        if (answer.Status is < 200 or > 299) throw new ServiceRejected(answer.Status, DescribeError((HttpStatusCode)answer.Status, answer.Text));
        return answer.Json;
    }

    /// <summary>
    /// One request whatever the service answers (the import decides itself which answers to retry); throws only
    /// <see cref="ServiceUnreachable"/> when no answer came.
    /// </summary>
    public async Task<ServiceAnswer> SendRawAsync(HttpMethod method, string path, HttpContent? content, string? idempotencyKey, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            response = await Http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ServiceUnreachable($"Cannot reach the NumberBlocks service at {Http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ServiceUnreachable($"The NumberBlocks service at {Http.BaseAddress} did not answer in time.");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement json = default;
            if (text.Length > 0)
            {
                try { json = JsonDocument.Parse(text).RootElement.Clone(); }
                catch (JsonException) when (!response.IsSuccessStatusCode) { /* an error page that is not JSON: DescribeError shows its text */ }
            }
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
            return new ServiceAnswer((int)response.StatusCode, text, json, replayed);
        }
    }

    /// <summary>The service's own words: each error's detail with the field it names.</summary>
    public static string DescribeError(HttpStatusCode status, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var lines = errors.EnumerateArray().Select(e =>
                {
                    var detail = e.TryGetProperty("detail", out var d) ? d.GetString() : e.GetRawText();
                    // Operator API problems (RFC 9457) name the field beside the detail; Telnyx errors inside "source".
                    var holder = e.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : e;
                    var where = holder.TryGetProperty("pointer", out var p) ? p.GetString()
                        : holder.TryGetProperty("parameter", out var q) ? q.GetString() : null;
                    return string.IsNullOrEmpty(where) ? detail : $"{where}: {detail}";
                });
                return $"{(int)status}: {string.Join("; ", lines)}";
            }
            if (root.TryGetProperty("ResponseStatus", out var rs) && rs.TryGetProperty("Message", out var m)) return $"{(int)status}: {m.GetString()}";
            if (root.TryGetProperty("message", out var msg)) return $"{(int)status}: {msg.GetString()}" + (root.TryGetProperty("field", out var f) ? $" ({f})" : "");
        }
        catch (JsonException)
        {
            // Not JSON: show what the service sent.
        }
        return $"{(int)status}: {(body.Length > 300 ? body[..300] : body)}";
    }
}
