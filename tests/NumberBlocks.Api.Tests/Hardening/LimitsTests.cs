using System.Net;
using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>Issue 8: body, page and bulk limits, and per-account rate limits (429 with Retry-After, not the limiter's default 503).</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();

    public ValueTask InitializeAsync()
    {
        _service.Settings["NumberBlocks:RateLimits:Burst"] = "5";
        _service.Settings["NumberBlocks:RateLimits:RequestsPerSecond"] = "1";
        _ = _service.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private static string BodyOf(int bytes) => "{\"customer_reference\": \"" + new string('x', bytes) + "\"}";

    [Fact]
    public async Task Post_BodyOver1MiB_Is413InTheErrorFormat()
    {
        var account = await _service.NewAccountAsync();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(BodyOf(1024 * 1024)));
        await response.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_ChunkedBodyOver1MiB_Is413InTheErrorFormat()
    {
        var account = await _service.NewAccountAsync();
        // No Content-Length: the limit is found while the body is read.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(BodyOf(1024 * 1024 + 10))));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await account.Client.SendAsync(request);
        await response.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_BodyJustUnder1MiB_IsRead()
    {
        var account = await _service.NewAccountAsync();
        // Read in full and refused for its content (the reference is too long), not for its size.
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(BodyOf(1024 * 1024 - 100)));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/customer_reference");
    }

    [Theory]
    [InlineData("/v2/porting_orders")]
    [InlineData("/v2/porting_phone_numbers")]
    public async Task List_PageSizeOverTheCap_Is422NamingTheParameter(string path)
    {
        var account = await _service.NewAccountAsync();
        await (await account.Client.GetAsync(path + "?page[size]=250")).ExpectAsync(HttpStatusCode.OK);
        var response = await account.Client.GetAsync(path + "?page[size]=251");
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "page[size]");
    }

    [Fact]
    public async Task Create_MoreSingleNumbersThanTheBulkCap_Is422()
    {
        var account = await _service.NewAccountAsync();
        var numbers = Enumerable.Range(0, 10_001).Select(i => $"+4930{1_000_000 + i}").ToArray();
        var response = await account.Client.PostAsync("/v2/porting_orders", Json.Body(JsonSerializer.Serialize(new { phone_numbers = numbers })));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers");
    }

    [Fact]
    public async Task Flood_OneAccount_Gets429WithRetryAfterWhileAnotherIsServed()
    {
        var flooder = await _service.NewAccountAsync("flooder");
        var other = await _service.NewAccountAsync("other");

        var flood = Task.WhenAll(Enumerable.Range(0, 40).Select(_ => flooder.Client.GetAsync("/v2/porting_orders")));
        var served = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) served.Add(await other.Client.GetAsync("/v2/porting_orders"));
        var flooded = await flood;

        Assert.All(served, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = flooded.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        // A bucket of 5 refilled at 1/s: even spread over 10 s, at most 15 of the 40 get through.
        Assert.True(refused.Count >= 25, $"only {refused.Count} of 40 were refused");
        Assert.DoesNotContain(flooded, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        foreach (var r in refused)
        {
            var seconds = int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 1, 60);
            await r.ExpectErrorAsync(HttpStatusCode.TooManyRequests, reason: "rate_limited");
        }
    }

    [Fact]
    public async Task Flood_Health_IsNeverLimited()
    {
        using var client = _service.CreateClient();
        for (var i = 0; i < 20; i++) await (await client.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);
    }
}
