using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Api.Tests.Infrastructure;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a Telnyx-shaped error: the status, and one error whose source.pointer (or parameter) is given.</summary>
    public static async Task<JsonElement> ExpectErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? pointer = null, string? reason = null)
    {
        var body = await response.ExpectAsync(status);
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        foreach (var e in errors)
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("code").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("detail").GetString()));
        }
        // Telnyx errors carry the place in "source" and the reason in "meta"; operator-API problems (RFC 9457) carry both
        // on the error itself ("pointer"/"parameter", "code").
        if (pointer is not null)
            Assert.Contains(errors, e => (e.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : e) is var place
                && ((place.TryGetProperty("pointer", out var p) && p.GetString() == pointer) || (place.TryGetProperty("parameter", out var q) && q.GetString() == pointer)));
        if (reason is not null)
            Assert.Contains(errors, e => (e.TryGetProperty("meta", out var m) ? m.GetProperty("reason") : e.GetProperty("code")).GetString() == reason);
        return body;
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
