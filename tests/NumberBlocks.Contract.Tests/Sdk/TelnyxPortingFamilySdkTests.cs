using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK (npm telnyx 7.24.0) through the rest of the porting family (sdk/family-rest.mjs):
/// portability checks, verification codes, sub requests, associated phone numbers, phone number configurations,
/// porting events, porting reports and UK carriers. Each call succeeds or is refused exactly where the script expects,
/// each answer conforms to the SDK's response type, and every body the SDK received validates against NumberBlocks'
/// own OpenAPI document (Telnyx's spec extract does not cover these operations).
/// </summary>
public sealed class TelnyxPortingFamilySdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SdkRun Run, ServiceDocument Document)? _result;

    /// <summary>The operations the script must drive: every one this family adds, and the porting events it completes.</summary>
    private static readonly string[] Operations =
    [
        "PostPortabilityCheck", "ListVerificationCodes", "SendPortingVerificationCodes", "VerifyPortingVerificationCodes", "GetPortingOrderSubRequest",
        "ListAssociatedPhoneNumbers", "CreateAssociatedPhoneNumber", "DeleteAssociatedPhoneNumber", "ListPhoneNumberConfigurations",
        "CreatePhoneNumberConfigurations", "listPortingEvents", "showPortingEvent", "republishPortingEvent", "ListPortingReports", "CreatePortingReport",
        "GetPortingReport", "ListPortingUKCarriers",
    ];

    private async Task<(SdkRun Run, ServiceDocument Document)> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _result ??= (await SdkRunner.RunAsync(service, "family-rest.mjs", numberSeed: 3, TimeSpan.FromMinutes(5)), await ServiceDocument.LoadAsync(service));
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Sdk_EveryFamilyCall_Succeeds()
    {
        var (run, _) = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        Report($"SDK calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task Sdk_EveryAnswer_ConformsToTheSdkTypes_AndSaysWhatTheDataSays()
    {
        var (run, _) = await RunAsync();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        Report($"data and type checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(run.Checks.Count(c => c.Name.Contains(" conforms to ", StringComparison.Ordinal)) >= 11, "too few type checks ran");
    }

    [Fact]
    public async Task Sdk_EveryBodyItReceived_ValidatesAgainstTheServiceDocument_AndEveryOperationWasCalled()
    {
        var (run, document) = await RunAsync();
        var operations = document.Operations().ToList();
        var problems = new List<string>();
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exchange in run.Exchanges)
        {
            var url = new Uri(exchange.Url);
            var operation = operations.FirstOrDefault(o => o.Method == exchange.Method && Matches(o.Path, url.AbsolutePath));
            if (operation is null) { problems.Add($"{exchange.Method} {url.PathAndQuery}: no operation of the document"); continue; }
            if (exchange.Status is < 200 or > 299) continue;
            called.Add(operation.OperationId);
            if (exchange.Status == 204) { if (exchange.Body.Length > 0) problems.Add($"{operation.OperationId}: 204 with a body"); continue; }
            // A download (a report's CSV through its document) is not JSON: its media type is checked by the script.
            if (exchange.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true) continue;
            var schema = operation.Json["responses"]?[exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["application/json"]?["schema"];
            if (schema is null) { problems.Add($"{operation.OperationId}: status {exchange.Status} has no documented JSON schema"); continue; }
            using var body = JsonDocument.Parse(exchange.Body);
            foreach (var p in document.Schemas.Problems(schema, body.RootElement)) problems.Add($"{operation.OperationId} {exchange.Status}: {p}");
        }
        var uncalled = Operations.Except(called).ToList();
        Report($"operations called: {Operations.Length - uncalled.Count} / {Operations.Length}; exchanges: {run.Exchanges.Count}");
        Assert.True(uncalled.Count == 0, "operations the SDK never called successfully: " + string.Join(", ", uncalled));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(60)));
    }

    /// <summary>An OpenAPI path template ("/v2/porting_orders/{id}/sub_request") against a request path; literal segments win.</summary>
    private static bool Matches(string template, string path)
    {
        var t = template.Split('/');
        var p = path.Split('/');
        return t.Length == p.Length && t.Zip(p).All(x => x.First.StartsWith('{') ? !IsLiteralElsewhere(x.Second) : x.First == x.Second);
    }

    // GET /v2/porting_orders/phone_number_configurations is its own operation, not GET /v2/porting_orders/{id}.
    private static bool IsLiteralElsewhere(string segment) => segment is "phone_number_configurations" or "uk_carriers" or "reports" or "events";

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage("[telnyx sdk, porting family] " + line);
}
