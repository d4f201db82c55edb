using System.Text.RegularExpressions;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK (npm telnyx 7.24.0) through every porting method of the 19 operations of
/// telnyx-porting-core.yml, with every filter and sort: each call succeeds (or is refused exactly where the script
/// expects it), each filter narrows the result to the orders the data says, each nested PATCH keeps its siblings, and
/// every body the SDK received validates against Telnyx's own published schemas.
/// </summary>
public sealed class TelnyxPortingSdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SdkRun Run, ProviderSpec Spec)? _result;

    /// <summary>The script runs once per test run; the tests below read its result.</summary>
    private async Task<(SdkRun Run, ProviderSpec Spec)> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _result ??= (await SdkRunner.RunAsync(service, "porting.mjs", numberSeed: 1, TimeSpan.FromMinutes(5)),
                await ProviderSpec.LoadAsync("telnyx-porting-core.yml"));
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Sdk_EveryPortingCall_Succeeds()
    {
        var (run, _) = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        Report($"SDK calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task Sdk_EveryFilterSortAndPatch_AnswersWhatTheDataSays()
    {
        var (run, _) = await RunAsync();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        Report($"data checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(run.Checks.Count >= 50, $"only {run.Checks.Count} checks ran");
    }

    [Fact]
    public async Task Sdk_EveryBodyItReceived_ValidatesAgainstTelnyxsSpec()
    {
        var (run, spec) = await RunAsync();
        var problems = new List<string>();
        var valid = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var exchange in run.Exchanges)
        {
            var url = new Uri(exchange.Url);
            var operation = spec.Match(exchange.Method, url);
            if (operation is null) { problems.Add($"{exchange.Method} {url.PathAndQuery}: no operation of the spec"); continue; }
            if (exchange.Status is < 200 or > 299) continue; // the spec documents refusals by description only
            if (exchange.Status == 204)
            {
                if (exchange.Body.Length > 0) problems.Add($"{operation.OperationId}: 204 with a body");
                valid.TryAdd(operation.OperationId, true);
                continue;
            }
            var found = spec.Problems(operation, exchange.Status, exchange.Body);
            if (found is null) { problems.Add($"{operation.OperationId}: status {exchange.Status} is not documented by the spec"); valid[operation.OperationId] = false; continue; }
            foreach (var p in found) problems.Add($"{operation.OperationId} [{exchange.Method} {url.PathAndQuery}] {exchange.Status}: {p}");
            foreach (var t in Timestamps(exchange.Body).Where(t => !Rfc3339Utc.IsMatch(t)))
                problems.Add($"{operation.OperationId}: '{t}' is not an RFC 3339 UTC timestamp");
            valid[operation.OperationId] = valid.GetValueOrDefault(operation.OperationId, true) && found.Count == 0;
        }
        var called = spec.Operations.Select(o => o.OperationId).Where(valid.ContainsKey).ToList();
        Report($"operations schema-valid: {valid.Count(v => v.Value)} / {spec.Operations.Count} (called: {called.Count}; exchanges: {run.Exchanges.Count})");
        var uncalled = spec.Operations.Select(o => o.OperationId).Except(called).ToList();
        Assert.True(uncalled.Count == 0, "operations the SDK run never called successfully: " + string.Join(", ", uncalled));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(60)));
    }

    [Fact]
    public async Task ProviderSpec_NullWhereTelnyxHasAString_IsAProblem()
    {
        // The validation the SDK test relies on is not vacuous: Telnyx types a porting phone number's support_key as a
        // string, so null there (what NumberBlocks once answered for drafts) must be reported.
        var spec = await ProviderSpec.LoadAsync("telnyx-porting-core.yml");
        var list = spec.Operations.Single(o => o.OperationId == "ListPortingPhoneNumbers");
        Assert.Empty(spec.Problems(list, 200, """{"data": [{"support_key": "sr_123abc", "activation_status": "Active"}]}""")!);
        Assert.NotEmpty(spec.Problems(list, 200, """{"data": [{"support_key": null}]}""")!);
        Assert.NotEmpty(spec.Problems(list, 200, """{"data": [{"activation_status": "Activated"}]}""")!);
        Assert.Equal("GetPortingOrder", spec.Match("GET", new Uri("http://x/v2/porting_orders/" + Guid.NewGuid()))?.OperationId);
    }

    private static readonly Regex Rfc3339Utc = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", RegexOptions.Compiled);

    /// <summary>
    /// The string values of the spec's date-time members (created_at, activate_at, foc_datetime_requested, …); a range's
    /// start_at/end_at holding a +E.164 number is not one.
    /// </summary>
    private static IEnumerable<string> Timestamps(string body)
    {
        foreach (Match m in Regex.Matches(body, "\"[a-z_]*(_at|_datetime_actual|_datetime_requested)\":\"([^\"]*)\""))
            if (!m.Groups[2].Value.StartsWith('+')) yield return m.Groups[2].Value;
    }

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage("[telnyx sdk] " + line);
}
