using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumberBlocks.Contract.Tests.Infrastructure;
using NumberBlocks.Contract.Tests.Scenarios;

namespace NumberBlocks.Contract.Tests;

/// <summary>
/// The buying operations against Telnyx's own published ordering extract (Specs/telnyx-number-blocks-ordering-extract.yml,
/// read with Microsoft.OpenApi 3's YAML reader; bodies validated with JsonSchema.Net): every scenario's answer, and its
/// refusal without credentials, validates against the extract's schema for the operation and status.
/// </summary>
public sealed class TelnyxOrderingExtractTests(ServiceHost service)
{
    /// <summary>Operations the service has beyond the extract, with the extract's schema their answer carries (as data).</summary>
    private static readonly Dictionary<string, string> BeyondTheExtract = new(StringComparer.Ordinal)
    {
        ["RetrieveNumberOrder"] = "NumberOrderWithPhoneNumbers",
        ["UpdateNumberOrder"] = "NumberOrderWithPhoneNumbers",
        ["RetrieveNumberReservation"] = "NumberReservation",
        ["ExtendNumberReservationExpiryTime"] = "NumberReservation",
    };

    /// <summary>NumberBlocks' own view of bought blocks: no Telnyx schema to hold it to (the generated document's test covers it).</summary>
    private static readonly string[] OwnOperations = ["ListPhoneNumberBlocks", "RetrievePhoneNumberBlock"];

    /// <summary>The block deletion jobs of the extract belong to the port-out work, not to buying.</summary>
    private static readonly string[] ElsewhereInTheExtract = ["ListPhoneNumberBlocksJobs", "CreatePhoneNumberBlockDeletionJob", "GetPhoneNumberBlocksJob"];

    [Fact]
    public async Task Scenarios_EveryBuyingOperation_AnswersAsTheExtractDescribes()
    {
        var spec = await ProviderSpec.LoadAsync("telnyx-number-blocks-ordering-extract.yml");
        var context = new ScenarioContext(service);
        using var client = service.Client();
        var problems = new List<string>();
        var validated = new List<string>();
        var scenarios = new TelnyxOrderingScenarios().Scenarios().ToList();
        foreach (var scenario in scenarios)
        {
            using var request = await scenario.Prepare(context);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != scenario.Expected) { problems.Add($"{scenario}: answered {(int)response.StatusCode}: {text}"); continue; }
            var body = JsonDocument.Parse(text).RootElement;
            var operation = spec.Operations.FirstOrDefault(o => o.OperationId == scenario.OperationId);
            IReadOnlyList<string>? found;
            if (operation is not null) found = Problems(spec, operation, (int)response.StatusCode, body);
            else if (BeyondTheExtract.TryGetValue(scenario.OperationId, out var schema))
                found = spec.Schemas.Problems(new JsonObject
                {
                    ["type"] = "object", ["required"] = new JsonArray("data"),
                    ["properties"] = new JsonObject { ["data"] = new JsonObject { ["$ref"] = "#/components/schemas/" + schema } },
                }, body);
            else if (OwnOperations.Contains(scenario.OperationId)) continue;
            else { problems.Add($"{scenario.OperationId}: in neither the extract nor the full spec"); continue; }
            if (found is null) { problems.Add($"{scenario.OperationId}: the extract documents no JSON body for {(int)response.StatusCode}"); continue; }
            problems.AddRange(found.Select(p => $"{scenario.OperationId}: {p}"));
            validated.Add(scenario.OperationId);

            // The same operation without credentials: the extract's 401 (numbers_UnauthorizedResponse, numbers_Errors).
            using var anonymous = new HttpRequestMessage(request.Method, request.RequestUri);
            using var refused = await client.SendAsync(anonymous);
            var refusal = await refused.Content.ReadAsStringAsync();
            if (refused.StatusCode != HttpStatusCode.Unauthorized) problems.Add($"{scenario.OperationId} without a key: {(int)refused.StatusCode}");
            else problems.AddRange(spec.Schemas.Problems(new JsonObject { ["$ref"] = "#/components/schemas/numbers_Errors" }, JsonDocument.Parse(refusal).RootElement)
                .Select(p => $"{scenario.OperationId} 401: {p}"));
        }

        var inExtract = spec.Operations.Select(o => o.OperationId).ToList();
        var implemented = inExtract.Where(id => scenarios.Any(s => s.OperationId == id)).ToList();
        var missing = inExtract.Except(implemented).Except(ElsewhereInTheExtract).ToList();
        TestContext.Current.SendDiagnosticMessage($"[ordering extract] operations of the extract implemented and schema-checked: {implemented.Count} / {inExtract.Count} " +
            $"({ElsewhereInTheExtract.Length} block deletion job operations belong to the port-out work); beyond the extract: {BeyondTheExtract.Count}; " +
            $"validated answers: {validated.Count}");
        Assert.True(missing.Count == 0, "operations of the extract without a scenario: " + string.Join(", ", missing));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(60)));
    }

    /// <summary>The problems against the operation's response, following a $ref into components/responses (the advanced orders use them).</summary>
    private static IReadOnlyList<string>? Problems(ProviderSpec spec, SpecOperation operation, int status, JsonElement body)
    {
        var response = operation.Json["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/responses/", StringComparison.Ordinal))
            response = spec.Json["components"]?["responses"]?[reference["#/components/responses/".Length..]];
        var schema = response?["content"]?["application/json"]?["schema"];
        return schema is null ? null : spec.Schemas.Problems(schema, body);
    }

    [Fact]
    public async Task Extract_NullWhereTelnyxHasAString_IsAProblem()
    {
        // The validation above is not vacuous: the extract types a block order's customer_reference as a string and its
        // status as pending/success/failure.
        var spec = await ProviderSpec.LoadAsync("telnyx-number-blocks-ordering-extract.yml");
        var get = spec.Operations.Single(o => o.OperationId == "RetrieveNumberBlockOrder");
        Assert.Empty(spec.Problems(get, 200, """{"data": {"status": "pending", "customer_reference": "x"}}""")!);
        Assert.NotEmpty(spec.Problems(get, 200, """{"data": {"customer_reference": null}}""")!);
        Assert.NotEmpty(spec.Problems(get, 200, """{"data": {"status": "done"}}""")!);
    }
}
