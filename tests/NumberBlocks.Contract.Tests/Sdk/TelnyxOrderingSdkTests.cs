using System.Text.Json.Nodes;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK (npm telnyx 7.24.0) through its buying methods — availablePhoneNumberBlocks,
/// numberBlockOrders, numberOrders, numberReservations (with actions.extend) — against the service: every call
/// succeeds or is refused exactly where the script expects, the data checks hold, and every body the SDK received
/// validates against the schemas of Telnyx's ordering extract.
/// </summary>
public sealed class TelnyxOrderingSdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SdkRun Run, ProviderSpec Spec)? _result;

    private async Task<(SdkRun Run, ProviderSpec Spec)> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _result ??= (await SdkRunner.RunAsync(service, "ordering.mjs", numberSeed: 7, TimeSpan.FromMinutes(5)),
                await ProviderSpec.LoadAsync("telnyx-number-blocks-ordering-extract.yml"));
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Sdk_EveryBuyingCall_Succeeds()
    {
        var (run, _) = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        Report($"SDK calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        foreach (var method in new[] { "availablePhoneNumberBlocks.list", "numberBlockOrders.create", "numberBlockOrders.list", "numberBlockOrders.retrieve",
                     "numberOrders.create", "numberOrders.list", "numberOrders.retrieve", "numberOrders.update", "numberReservations.create",
                     "numberReservations.list", "numberReservations.retrieve", "numberReservations.actions.extend" })
            Assert.Contains(run.Calls, c => c.Name.StartsWith(method, StringComparison.Ordinal) && c.Ok);
    }

    [Fact]
    public async Task Sdk_EveryFilterAndState_AnswersWhatTheDataSays()
    {
        var (run, _) = await RunAsync();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        Report($"data checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(run.Checks.Count >= 15, $"only {run.Checks.Count} checks ran");
    }

    /// <summary>
    /// Operations the SDK calls that the extract does not carry (RetrieveNumberOrder, UpdateNumberOrder,
    /// RetrieveNumberReservation, ExtendNumberReservationExpiryTime, from Telnyx's full spec): their answers are the
    /// extract's own response schemas (NumberOrderResponse and NumberReservationResponse there).
    /// </summary>
    private static readonly (string Method, string Pattern, string Schema)[] BeyondTheExtract =
    [
        ("GET", @"^/v2/number_orders/[^/]+$", "NumberOrderWithPhoneNumbers"),
        ("PATCH", @"^/v2/number_orders/[^/]+$", "NumberOrderWithPhoneNumbers"),
        ("GET", @"^/v2/number_reservations/[^/]+$", "NumberReservation"),
        ("POST", @"^/v2/number_reservations/[^/]+/actions/extend$", "NumberReservation"),
    ];

    [Fact]
    public async Task Sdk_EveryBodyItReceived_ValidatesAgainstTheOrderingExtract()
    {
        var (run, spec) = await RunAsync();
        var problems = new List<string>();
        var valid = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var exchange in run.Exchanges)
        {
            var url = new Uri(exchange.Url);
            if (exchange.Status is < 200 or > 299)
            {
                // Refusals: the extract gives every 4xx the numbers_Errors schema.
                problems.AddRange(spec.Schemas.Problems(new JsonObject { ["$ref"] = "#/components/schemas/numbers_Errors" },
                    System.Text.Json.JsonDocument.Parse(exchange.Body).RootElement).Select(p => $"{exchange.Method} {url.PathAndQuery} {exchange.Status}: {p}"));
                continue;
            }
            IReadOnlyList<string>? found;
            string name;
            if (spec.Match(exchange.Method, url) is { } operation)
            {
                name = operation.OperationId;
                found = spec.Problems(operation, exchange.Status, exchange.Body);
            }
            else if (BeyondTheExtract.FirstOrDefault(b => b.Method == exchange.Method && System.Text.RegularExpressions.Regex.IsMatch(url.AbsolutePath, b.Pattern)) is
                     { Schema: { } schema } beyond)
            {
                name = $"{beyond.Method} {beyond.Pattern}";
                found = spec.Schemas.Problems(new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["data"] = new JsonObject { ["$ref"] = "#/components/schemas/" + schema } },
                }, System.Text.Json.JsonDocument.Parse(exchange.Body).RootElement);
            }
            else { problems.Add($"{exchange.Method} {url.PathAndQuery}: neither the extract nor the full spec's ordering operations have it"); continue; }
            if (found is null) { problems.Add($"{name}: status {exchange.Status} is not documented"); continue; }
            foreach (var p in found) problems.Add($"{name} [{exchange.Method} {url.PathAndQuery}] {exchange.Status}: {p}");
            valid[name] = valid.GetValueOrDefault(name, true) && found.Count == 0;
        }
        Report($"operations schema-valid: {valid.Count(v => v.Value)} / {valid.Count} called (exchanges: {run.Exchanges.Count})");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(60)));
    }

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage("[telnyx ordering sdk] " + line);
}
