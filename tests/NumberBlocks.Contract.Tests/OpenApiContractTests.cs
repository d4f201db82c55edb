using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests;

/// <summary>
/// The generated OpenAPI document is the contract: read with Microsoft.OpenApi 3 without errors, every operation fully
/// described, and every operation driven with a valid request whose answer validates against the document's own
/// schema — plus, for every operation, an unauthenticated and an unknown-parameter request whose refusals must be
/// documented too. A new endpoint without schemas, or without a scenario, fails here. Theories run per surface
/// (its security scheme), so each surface's gaps are listed on their own.
/// </summary>
public sealed class OpenApiContractTests(ServiceHost service)
{
    public static TheoryData<string> Surfaces => new("TelnyxApiKey", "CmProductToken", "FoneBasic", "OperatorKey", "none");

    [Fact]
    public async Task Document_ReadWithMicrosoftOpenApi3_HasNoErrors()
    {
        var document = await ServiceDocument.LoadAsync(service);
        var errors = document.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal("3.1.1", document.Json["openapi"]!.GetValue<string>());
        Assert.NotEmpty(document.Model.Paths);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Operations_OfSurface_AreFullyDescribed(string surface)
    {
        var document = await ServiceDocument.LoadAsync(service);
        var problems = new List<string>();
        foreach (var op in document.Operations().Where(o => o.Surface == surface))
        {
            void Problem(string what) => problems.Add($"{op}: {what}");
            if (string.IsNullOrWhiteSpace(op.Json["summary"]?.GetValue<string>())) Problem("no summary");
            if (string.IsNullOrWhiteSpace(op.Json["description"]?.GetValue<string>())) Problem("no description");
            if (op.Json["tags"] is not JsonArray { Count: > 0 }) Problem("no tag");
            if (op.Json["operationId"] is null) Problem("no operationId");
            var responses = op.Json["responses"]?.AsObject() ?? [];
            if (!responses.Any(r => r.Key.StartsWith('2'))) Problem("no success response");
            foreach (var (status, response) in responses)
            {
                var content = response?["content"]?.AsObject();
                if (status != "204" && (content is null || content.Count == 0)) Problem($"response {status} has no content");
                if (content is not null)
                    foreach (var (media, described) in content)
                        if (described?["schema"] is null) Problem($"response {status} {media} has no schema");
            }
            if (surface != "none")
                foreach (var status in new[] { "401", "404" })
                    if (!responses.ContainsKey(status)) Problem($"the error answer {status} is not documented");
            if (op.Method is "POST" or "PUT" or "PATCH" && op.Json["requestBody"] is JsonObject body)
                foreach (var (media, content) in body["content"]?.AsObject() ?? [])
                {
                    if (content?["schema"] is null) Problem($"request body {media} has no schema");
                    if (content?["example"] is null && content?["examples"] is null) Problem($"request body {media} has no example");
                }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Operations_OfSurface_EachHaveAContractScenario(string surface)
    {
        var document = await ServiceDocument.LoadAsync(service);
        var missing = document.Operations().Where(o => o.Surface == surface && !ScenarioCatalogue.All.ContainsKey(o.OperationId)).ToList();
        Assert.True(missing.Count == 0, "operations without a scenario:\n" + string.Join("\n", missing));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task Operations_OfSurface_AnswerAsDocumented(string surface)
    {
        var document = await ServiceDocument.LoadAsync(service);
        var context = new ScenarioContext(service);
        var problems = new List<string>();
        using var anonymous = service.Client(); // scenario requests carry their own credentials
        foreach (var op in document.Operations().Where(o => o.Surface == surface))
        {
            if (ScenarioCatalogue.All.TryGetValue(op.OperationId, out var scenario))
            {
                try
                {
                    using var request = await scenario.Prepare(context);
                    problems.AddRange(await CheckAsync(document, op, anonymous, request, scenario.Expected));
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or JsonException)
                {
                    problems.Add($"{op}: the scenario could not be run: {e.Message}");
                }
            }
            if (surface == "none") continue;

            // Refusals are part of the contract: no credentials, and a parameter the operation does not have.
            var concrete = ConcretePath(op.Path);
            using (var request = ScenarioContext.Request(new HttpMethod(op.Method), concrete, op.Method is "POST" or "PUT" or "PATCH" ? "{}" : null))
                problems.AddRange(await CheckAsync(document, op, anonymous, request, HttpStatusCode.Unauthorized));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A path template with every parameter filled by a well-formed id that names nothing.</summary>
    private static string ConcretePath(string template)
    {
        var path = template;
        for (var i = path.IndexOf('{'); i >= 0; i = path.IndexOf('{'))
            path = path[..i] + Guid.Empty.ToString() + path[(path.IndexOf('}', i) + 1)..];
        return path;
    }

    private static async Task<List<string>> CheckAsync(ServiceDocument document, DocumentedOperation op, HttpClient client,
        HttpRequestMessage request, HttpStatusCode expected)
    {
        var problems = new List<string>();
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var label = $"{op} [{request.Method} {request.RequestUri}]";
        if (response.StatusCode != expected)
        {
            problems.Add($"{label}: answered {status}, expected {(int)expected}: {Trim(text)}");
            return problems;
        }
        if (op.Json["responses"]?[status] is not JsonObject documented)
        {
            problems.Add($"{label}: status {status} is not documented");
            return problems;
        }
        if (response.StatusCode == HttpStatusCode.NoContent) return problems;
        var media = response.Content.Headers.ContentType?.MediaType ?? "";
        var schema = documented["content"]?[media]?["schema"];
        if (schema is null)
        {
            problems.Add($"{label}: {status} answered {media}, which the document does not describe for it");
            return problems;
        }
        // A file answer (a PDF, a downloaded document) is bytes of its documented media type: not JSON to validate.
        if (!media.EndsWith("json", StringComparison.Ordinal))
        {
            if ((await response.Content.ReadAsByteArrayAsync()).Length == 0) problems.Add($"{label}: {status} {media} answer is empty");
            return problems;
        }
        JsonElement body;
        try { body = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { problems.Add($"{label}: {status} body is not JSON: {Trim(text)}"); return problems; }
        foreach (var p in document.Schemas.Problems(schema, body)) problems.Add($"{label}: {status} {p}");
        return problems;
    }

    private static string Trim(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
