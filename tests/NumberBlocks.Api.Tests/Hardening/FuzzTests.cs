using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// Issue 8's fuzzing proof: at least 10,000 generated requests per run across every operation of the OpenAPI document
/// (read from the running service, so new endpoints are fuzzed without editing this test), with a fixed seed that is
/// printed. No answer may be a 5xx, every 4xx must be in its surface's error format without internals, and the database
/// audit must be clean afterwards. NUMBERBLOCKS_FUZZ_SEED and NUMBERBLOCKS_FUZZ_REQUESTS replay or scale a run;
/// NUMBERBLOCKS_FUZZ_ONLY=i,j replays single requests of a seed.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private const int DefaultSeed = 20261123;
    private const int DefaultRequests = 10_000;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromMinutes(4);
    private readonly ServiceFactory _service = new();

    public ValueTask InitializeAsync()
    {
        // The fuzzer is one client sending as fast as it can; the limiter is tested on its own (LimitsTests).
        _service.Settings["NumberBlocks:RateLimits:Burst"] = "1000000";
        _service.Settings["NumberBlocks:RateLimits:RequestsPerSecond"] = "1000000";
        _ = _service.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private sealed record Fixtures(TestAccount Owner, TestAccount Other, List<string> OrderIds, List<string> BlockIds, List<string> ExtensionIds,
        List<string> NumberIds, List<string> AccountIds, List<string> SpareKeyIds);

    private sealed record FuzzRequest(int Index, string Method, string Operation, string PathAndQuery, string? Authorization, string? ContentType,
        string? IdempotencyKey, byte[]? Body);

    [Fact]
    public async Task EveryOperation_HostileRequests_NoServerErrorEveryRefusalInFormatAndTheAuditIsClean()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("NUMBERBLOCKS_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("NUMBERBLOCKS_FUZZ_REQUESTS"), out var n) ? n : DefaultRequests;
        var only = Environment.GetEnvironmentVariable("NUMBERBLOCKS_FUZZ_ONLY")?.Split(',').Select(int.Parse).ToHashSet();
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"fuzz seed {seed}, {count} requests (replay: NUMBERBLOCKS_FUZZ_SEED={seed} NUMBERBLOCKS_FUZZ_ONLY=<index>)");
        TestContext.Current.SendDiagnosticMessage($"[fuzz] seed {seed}, {count} requests");

        using var probe = _service.CreateClient();
        var operations = await OpenApiOperations.LoadAsync(probe);
        Assert.True(operations.Count >= 15, $"the OpenAPI document lists only {operations.Count} operations");
        var fixtures = await CreateFixturesAsync();

        using var client = _service.CreateClient();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var perOperation = new ConcurrentDictionary<string, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var indexes = only is null ? Enumerable.Range(0, count) : only;
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            if (clock.Elapsed > TimeBudget) return;
            var request = Generate(seed, i, operations, fixtures);
            using var message = ToMessage(request);
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            // The path the service saw ("/v2/numberblocks/.." arrives as "/v2/"), which decides the surface and its format.
            var seen = message.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.PathAndQuery;
            var status = (int)response.StatusCode;
            Interlocked.Increment(ref sent);
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            perOperation.AddOrUpdate(request.Operation, 1, (_, c) => c + 1);
            string? problem = null;
            if (status >= 500) problem = "a server error";
            else if (status >= 400 && SurfaceErrorShapes.Problem(seen, body) is { } wrong) problem = wrong;
            else if (!response.Headers.Contains("X-Request-Id")) problem = "no X-Request-Id";
            if (problem is not null)
                failures.Enqueue($"#{i} {request.Method} {Shorten(request.PathAndQuery)} -> {status}: {problem}; body {Shorten(body)}; sent {Shorten(request.Body is null ? "" : Encoding.UTF8.GetString(request.Body))}");
        });
        clock.Stop();

        var audit = await _service.WithDbAsync(DatabaseAudit.RunAsync);
        var summary = $"fuzz seed {seed}: {sent} requests over {perOperation.Count} of {operations.Count} operations in {clock.Elapsed.TotalSeconds:0.0} s; " +
                      $"statuses {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}; audit: {audit}";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage("[fuzz] " + summary); // shown in the run's output (xunit.runner.json)
        foreach (var f in failures.Take(20)) output.WriteLine(f);

        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers (seed {seed}); first: {string.Join("\n", failures.Take(5))}");
        if (only is null)
        {
            Assert.Equal(count, sent);
            Assert.Equal(operations.Count, perOperation.Count);
        }
        Assert.True(audit.Clean, audit.ToString());
        Assert.True(audit.Blocks > 0, "no block survived the run, so the audit checked nothing");
    }

    private async Task<Fixtures> CreateFixturesAsync()
    {
        var owner = await _service.NewAccountAsync("owner");
        var other = await _service.NewAccountAsync("other");
        var orders = new List<string>();
        var blocks = new List<string>();
        var extensions = new List<string>();
        var numbers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var created = await owner.Client.PostAsync("/v2/porting_orders", Json.Body(
                $$"""{"phone_number_blocks": [{"phone_number_range": {"start_at": "+49201299{{i}}000", "end_at": "+49201299{{i}}099"}, "activation_ranges": [{"start_at": "+49201299{{i}}000", "end_at": "+49201299{{i}}009"}]}]}"""));
            var order = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];
            var orderId = order.Str("id");
            orders.Add(orderId);
            var firstNumber = order.GetProperty("phone_numbers")[0];
            numbers.Add(firstNumber.Str("id"));
            blocks.Add(firstNumber.Str("block_reference_id"));
            var extension = await owner.Client.PostAsync($"/v2/porting_orders/{orderId}/phone_number_extensions", Json.Body(
                $$"""{"porting_phone_number_id": "{{firstNumber.Str("id")}}", "extension_range": {"start_at": 1, "end_at": 10}, "activation_ranges": [{"start_at": 1, "end_at": 5}]}"""));
            extensions.Add((await extension.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id"));
        }
        using var op = _service.Operator();
        var spare = await op.PostAsync($"/admin/v1/accounts/{other.Id}/api_keys", null);
        var spareKey = (await spare.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id");
        return new Fixtures(owner, other, orders, blocks, extensions, numbers, [owner.Id.ToString(), other.Id.ToString()], [spareKey]);
    }

    private static FuzzRequest Generate(int seed, int index, IReadOnlyList<ApiOperation> operations, Fixtures f)
    {
        // Not HashCode.Combine: it is salted per process, and a seed must replay in any process.
        var r = new Random(unchecked(seed * 1_000_003 + index));
        var op = operations[r.Next(operations.Count)];
        var method = r.Next(40) == 0 ? HostileInput.Pick(r, new[] { "PUT", "PATCH", "DELETE", "POST", "GET" }) : op.Method;

        var path = op.PathTemplate;
        foreach (var parameter in op.PathParameters)
            path = path.Replace("{" + parameter + "}", Uri.EscapeDataString(PathValue(r, parameter, op.PathTemplate, f)), StringComparison.Ordinal);
        var query = r.Next(2) == 0 ? "" : "?" + string.Join("&", Enumerable.Range(0, r.Next(1, 4)).Select(_ => QueryPart(r, f)));

        var admin = op.PathTemplate.StartsWith("/admin", StringComparison.Ordinal);
        var authorization = r.Next(20) switch
        {
            0 => null,
            1 => "Bearer " + f.Other.ApiKey,
            2 => HostileInput.Pick(r, new[] { "Bearer nbk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + new string('k', 4000), "nbo_x" }),
            _ => "Bearer " + (admin ? ServiceFactory.OperatorKey : f.Owner.ApiKey),
        };
        var contentType = r.Next(12) switch
        {
            0 => null,
            1 => "text/plain",
            2 => "application/json; charset=iso-8859-1",
            _ => "application/json",
        };
        var idempotencyKey = r.Next(10) switch
        {
            0 => "fuzz-" + r.Next(40),
            1 when r.Next(5) == 0 => HostileInput.Pick(r, new[] { "has space", new string('k', 300), "ключ" }),
            _ => null,
        };
        var body = method is "GET" or "DELETE" && r.Next(10) != 0 ? null : Body(r, op, f);
        return new FuzzRequest(index, method, op.ToString(), path + query, authorization, contentType, idempotencyKey, body);
    }

    private static string PathValue(Random r, string parameter, string template, Fixtures f)
    {
        var known = parameter switch
        {
            "porting_order_id" => f.OrderIds,
            "keyId" => f.SpareKeyIds,
            "id" when template.Contains("/phone_number_blocks/", StringComparison.Ordinal) => f.BlockIds,
            "id" when template.Contains("/phone_number_extensions/", StringComparison.Ordinal) => f.ExtensionIds,
            "id" when template.StartsWith("/admin/v1/accounts", StringComparison.Ordinal) => f.AccountIds,
            _ => f.OrderIds,
        };
        return r.Next(10) switch
        {
            < 6 => HostileInput.Pick(r, known),
            6 => RandomGuid(r).ToString(),
            7 => HostileInput.Pick(r, f.OrderIds.Concat(f.BlockIds).Concat(f.NumberIds).ToList()),
            _ => HostileInput.Pick(r, new[]
            {
                "0", "-1", "9223372036854775808", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "{" + Guid.Empty + "}",
                Guid.Empty.ToString("N"), RandomGuid(r).ToString().ToUpperInvariant(), "%00", "..", " ", "ＡＢ", "٤٩", new string('9', 2000),
            }),
        };
    }

    private static string QueryPart(Random r, Fixtures f)
    {
        var name = HostileInput.Pick(r, new[]
        {
            "page[size]", "page[number]", "filter[status]", "filter[status][in][]", "filter[porting_order_id]", "filter[porting_order_id][in][]",
            "filter[activate]", "filter[phone_number]", "filter[block_reference_id]", "filter[account_id]", "filter[customer_reference]",
            "filter[phone_numbers.country_code]", "sort[value]", "sort", "include_phone_numbers", "page%5Bsize%5D", "unknown",
        });
        var value = r.Next(4) switch
        {
            0 => HostileInput.Pick(r, HostileInput.NumberLiterals),
            1 => HostileInput.Pick(r, HostileInput.Strings),
            2 => HostileInput.Pick(r, HostileInput.PhoneStrings),
            _ => HostileInput.Pick(r, f.OrderIds.Concat(f.BlockIds).ToList()),
        };
        return name + "=" + Uri.EscapeDataString(value);
    }

    private static byte[]? Body(Random r, ApiOperation op, Fixtures f)
    {
        var valid = ValidBody(r, op, f);
        switch (r.Next(20))
        {
            case 0:
            case 1:
                return null;
            case 2:
            case 3:
            case 4:
                return HostileInput.BrokenJson(r, valid?.ToJsonString() ?? "{\"name\": \"x\"}");
            case 5:
                return HostileInput.HugeBody(r);
            case 6:
            case 7:
            case 8:
                return Encoding.UTF8.GetBytes(HostileInput.Value(r, 4)?.ToJsonString() ?? "null");
            default:
                if (valid is null) return Encoding.UTF8.GetBytes(HostileInput.Value(r, 3)?.ToJsonString() ?? "{}");
                for (var m = r.Next(0, 3); m > 0; m--) HostileInput.Mutate(r, valid);
                return Encoding.UTF8.GetBytes(valid.ToJsonString());
        }
    }

    /// <summary>A body the operation accepts (before mutation), so mutations reach deep rules and some requests change state.</summary>
    private static JsonNode? ValidBody(Random r, ApiOperation op, Fixtures f)
    {
        var start = 4920123400000L + r.Next(0, 600) * 100L;
        var size = r.Next(3) == 0 ? 10 : 100;
        JsonObject Block() => new()
        {
            ["phone_number_range"] = new JsonObject { ["start_at"] = "+" + start, ["end_at"] = "+" + (start + size - 1) },
            ["activation_ranges"] = new JsonArray(new JsonObject { ["start_at"] = "+" + start, ["end_at"] = "+" + (start + r.Next(size)) }),
        };
        var t = op.PathTemplate;
        return (op.Method, t) switch
        {
            ("POST", "/v2/porting_orders") => r.Next(3) == 0
                ? new JsonObject { ["phone_numbers"] = new JsonArray(JsonValue.Create("+" + (start + r.Next(100))), JsonValue.Create("+" + (start + 100 + r.Next(100)))) }
                : new JsonObject { ["phone_number_blocks"] = new JsonArray(Block()), ["customer_reference"] = "fuzz" },
            ("POST", _) when t.EndsWith("/phone_number_blocks", StringComparison.Ordinal) => Block(),
            ("POST", _) when t.EndsWith("/phone_number_extensions", StringComparison.Ordinal) => new JsonObject
            {
                ["porting_phone_number_id"] = HostileInput.Pick(r, f.NumberIds),
                ["extension_range"] = new JsonObject { ["start_at"] = r.Next(0, 500), ["end_at"] = r.Next(500, 1000) },
                ["activation_ranges"] = new JsonArray(new JsonObject { ["start_at"] = 500, ["end_at"] = 510 }),
            },
            ("PATCH", _) => new JsonObject
            {
                ["customer_reference"] = "ref-" + r.Next(100), ["webhook_url"] = "https://127.0.0.1/hook",
                ["misc"] = new JsonObject { ["type"] = "full", ["remaining_numbers_action"] = "keep" },
                ["activation_settings"] = new JsonObject { ["foc_datetime_requested"] = "2030-01-01T10:00:00Z" },
                ["user_feedback"] = new JsonObject { ["user_comment"] = "ok", ["user_rating"] = 5 },
                ["phone_number_configuration"] = new JsonObject { ["tags"] = new JsonArray("a", "b") },
            },
            ("POST", _) when t.EndsWith("/status", StringComparison.Ordinal) => new JsonObject
            {
                ["status"] = HostileInput.Pick(r, new[] { "submitted", "exception", "foc-date-confirmed", "ported", "cancelled", "in-process" }),
                ["details"] = new JsonArray(new JsonObject { ["code"] = "FOC_REJECTED", ["description"] = "fuzz" }),
                ["foc_datetime_actual"] = "2030-01-01T10:00:00Z",
            },
            ("POST", "/admin/v1/accounts") => new JsonObject { ["name"] = "fuzz account " + r.Next(1000) },
            ("POST", _) when t.EndsWith("/NumberBlocks", StringComparison.Ordinal) || t.StartsWith("/v2/numberblocks/", StringComparison.Ordinal) => new JsonObject
            {
                ["numberBlockSid"] = "NB" + r.Next(100), ["AnswerPoint"] = "+61299998888", ["AccountSid"] = HostileInput.Pick(r, f.AccountIds),
                ["CallRecordingEnabled"] = r.Next(2) == 0, ["RoutingAction"] = r.Next(5),
            },
            ("POST", "/admin/v1/numberblocks") => new JsonObject
            {
                ["start_at"] = "+6128880" + (r.Next(10, 99) * 100).ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
                ["end_at"] = "+6128880" + (r.Next(10, 99) * 100 + 99).ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
                ["number_type"] = "local", ["area_code"] = "2", ["sms"] = false, ["voice"] = true,
            },
            _ => null,
        };
    }

    private static HttpRequestMessage ToMessage(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Authorization is not null) message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        if (request.IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        return message;
    }

    /// <summary>A uuid from the seeded Random, so a replayed request names the same ids.</summary>
    private static Guid RandomGuid(Random r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
